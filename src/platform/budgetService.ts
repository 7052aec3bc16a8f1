import * as vscode from 'vscode';
import type { BudgetLimits, BudgetPeriod, PeriodSpend } from '../core/usage/budget';
import { DEFAULT_PROFILE_ID as DEFAULT_PROFILE } from '../core/profiles/modelRef';
import { BUDGET_WARN_AT, limitOf, mostPressing, profileBudgets, spendAgainst } from '../core/usage/budget';
import type * as BudgetPromptsModule from './budgetPrompts';
import type { BudgetAnswer, BudgetPrompts } from './budgetPrompts';
import { Settings, StorageKeys } from './ids';
import { Disposable } from './lifecycle';
import type { SettingsService } from './settings';
import type { UsageLedger } from './usageLedger';
import { onNewDay } from './usageFormat';

export interface BudgetRequest {
  /** Who asks: a usage source (`chat`, `agent`, `media`…). Inline completions are never asked about. */
  source: string;
  /** The gateway profile the request goes through (its question is shared by the requests of that profile). */
  profile?: string;
  /** USD, when the request's price is known before it is sent (images, videos). */
  price?: number;
  /** Requests with the same key (the steps of one agent task) share an "Allow" answer. */
  burst?: string;
}

/** `ownBudget`: the profile's own budget stopped it (not the main one, over every profile). */
export type BudgetVerdict = { allowed: true } | { allowed: false; period: BudgetPeriod; ownBudget?: true; cancelled?: true };

/** Sources that run on their own (inline completions): never a question; they stop, and the status bar says so. */
const SILENT_SOURCES: ReadonlySet<string> = new Set(['completion']);

const ALLOWED: BudgetVerdict = { allowed: true };

/** Which budget a spend is counted against: `*` for the main one, else the profile's id. */
const scopeOf = (spend: Pick<PeriodSpend, 'profile'>): string => spend.profile ?? '*';

/**
 * The user's daily and monthly spending budgets (settings, off by default), consulted before
 * every request: the turn runner asks it before each model turn, media before each generation.
 * Two kinds, each optional: the main budget (`tokenhub.budget.daily`, `…monthly`) counts every
 * gateway profile together; a profile's own (`tokenhub.budget.profiles`) counts only the
 * requests sent through it. A request is weighed against both.
 * The spend is what the usage ledger counted (so it survives a reload and follows other
 * windows' writes). At 80% of a period's budget the user is warned once per period (remembered
 * across reloads); at 100% a new request asks first, in a modal dialog that needs no chat view:
 * allow this request, raise the budget, or do not send. Requests that come while the question is
 * open wait for its answer (one question per budget and burst). Inline completions are never
 * asked: they stop, and `pausedSources` says so for the status bar.
 */
export class BudgetService extends Disposable {
  private _prompts: Pick<BudgetPrompts, 'warn' | 'ask' | 'newLimit'> | undefined;
  /** How the service talks to the user (replaced in tests); its words load on the first warning or question. */
  get prompts(): Pick<BudgetPrompts, 'warn' | 'ask' | 'newLimit'> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (this._prompts ??= new (require('./budgetPrompts') as typeof BudgetPromptsModule).BudgetPrompts(this.nameOf));
  }
  set prompts(prompts: Pick<BudgetPrompts, 'warn' | 'ask' | 'newLimit'>) {
    this._prompts = prompts;
  }
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the spend, a limit or the paused sources may have changed (the status bar follows). */
  readonly onDidChange = this._onDidChange.event;
  /** The open question per budget (`scopeOf`): requests that come meanwhile share its answer. */
  private readonly asking = new Map<string, Promise<BudgetAnswer>>();
  /** Burst keys the user allowed past the budget. */
  private readonly allowedBursts = new Set<string>();
  /** Sources stopped without a question, with the profile they were sent through. */
  private readonly paused = new Map<string, string>();
  /** A limit just raised (`scope|period`), until the setting reads back (the host learns of a settings write later). */
  private readonly raised = new Map<string, number>();

  constructor(
    private readonly settings: Pick<SettingsService, 'get' | 'update' | 'onDidChange'>,
    private readonly ledger: Pick<UsageLedger, 'days' | 'onDidChange'>,
    private readonly memento: vscode.Memento,
    private readonly now: () => number = Date.now,
    /** A profile's name, for the questions and the status bar. */
    readonly nameOf: (profile: string) => string = (profile) => profile,
  ) {
    super();
    this._register(
      ledger.onDidChange(() => {
        this.warnIfDue();
        this._onDidChange.fire();
      }),
    );
    this._register(
      settings.onDidChange((e) => {
        if (!e.affectsConfiguration(`${Settings.section}.budget`)) return;
        this.raised.clear();
        this.allowedBursts.clear();
        this.resumeIfUnder();
        this.warnIfDue();
        this._onDidChange.fire();
      }),
    );
    this._register(
      onNewDay(() => {
        this.allowedBursts.clear();
        this.resumeIfUnder();
        this._onDidChange.fire();
      }),
    );
  }

  /** The main budget's limits, over every profile (each undefined when off). */
  limits(): BudgetLimits {
    return {
      day: this.raised.get('*|day') ?? limitOf(this.settings.get<unknown>(Settings.budgetDaily, undefined)),
      month: this.raised.get('*|month') ?? limitOf(this.settings.get<unknown>(Settings.budgetMonthly, undefined)),
    };
  }

  /** A profile's own limits, counted over its requests only (each undefined when off). */
  profileLimits(profile: string): BudgetLimits {
    const own = this.profileSetting().get(profile) ?? {};
    return { day: this.raised.get(`${profile}|day`) ?? own.day, month: this.raised.get(`${profile}|month`) ?? own.month };
  }

  /** Where each period with a budget stands now for a request through `profile`: the main budget's, then the profile's own; empty when none is set. */
  status(profile: string = DEFAULT_PROFILE): PeriodSpend[] {
    const days = this.ledger.days;
    const now = this.now();
    return [...spendAgainst(this.limits(), days, now), ...spendAgainst(this.profileLimits(profile), days, now, profile)];
  }

  /** Every budget set: the main one, then each profile's own. */
  statusAll(): PeriodSpend[] {
    const days = this.ledger.days;
    const now = this.now();
    const profiles = new Set([...this.profileSetting().keys(), ...[...this.raised.keys()].map((k) => k.slice(0, k.lastIndexOf('|')))]);
    profiles.delete('*');
    return [...spendAgainst(this.limits(), days, now), ...[...profiles].flatMap((p) => spendAgainst(this.profileLimits(p), days, now, p))];
  }

  /** Sources stopped at the budget without a question (inline completions), until it allows them again. */
  get pausedSources(): readonly string[] {
    return [...this.paused.keys()];
  }

  /**
   * Before a request: allowed, or not (a budget is reached and the user said not to send, or
   * the source never asks). Warns once at 80%. `signal` ends a wait for the question.
   */
  async check(request: BudgetRequest, signal?: AbortSignal): Promise<BudgetVerdict> {
    const profile = request.profile ?? DEFAULT_PROFILE;
    for (;;) {
      const pressing = mostPressing(this.status(profile), request.price);
      if (!pressing || pressing.level !== 'over') {
        if (this.paused.delete(request.source)) this._onDidChange.fire();
        if (pressing?.level === 'warn') this.warnOnce(pressing.spend);
        return ALLOWED;
      }
      const { spend } = pressing;
      const denied: BudgetVerdict = spend.profile === undefined ? { allowed: false, period: spend.period } : { allowed: false, period: spend.period, ownBudget: true };
      // The question says it all: no warning on top of it (unless only this request's price goes past).
      if (spend.spent >= spend.limit * BUDGET_WARN_AT) this.warnOnce(spend, false);
      if (SILENT_SOURCES.has(request.source)) {
        if (this.paused.get(request.source) !== profile) {
          this.paused.set(request.source, profile);
          this._onDidChange.fire();
        }
        return denied;
      }
      if (request.burst && this.allowedBursts.has(request.burst)) return ALLOWED;
      const answer = await this.answer(spend, request, signal);
      if (answer === 'cancelled') return { ...denied, cancelled: true };
      if (answer === 'allow') {
        if (request.burst) this.allowedBursts.add(request.burst);
        return ALLOWED;
      }
      if (answer === 'stop') return denied;
      // Raised: the same request is weighed again against the new limit.
    }
  }

  /** The open question's answer, or a new question; 'cancelled' when `signal` fires first. */
  private async answer(spend: PeriodSpend, request: BudgetRequest, signal?: AbortSignal): Promise<BudgetAnswer | 'cancelled'> {
    const scope = scopeOf(spend);
    let question = this.asking.get(scope);
    if (!question) {
      question = this.ask(spend, request).finally(() => this.asking.delete(scope));
      this.asking.set(scope, question);
    }
    if (!signal) return question;
    if (signal.aborted) return 'cancelled';
    let onAbort!: () => void;
    const aborted = new Promise<'cancelled'>((resolve) => signal.addEventListener('abort', (onAbort = () => resolve('cancelled')), { once: true }));
    try {
      return await Promise.race([question, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private async ask(spend: PeriodSpend, request: BudgetRequest): Promise<BudgetAnswer> {
    let answer: BudgetAnswer;
    try {
      answer = await this.prompts.ask(spend, request);
    } catch {
      answer = 'stop';
    }
    if (answer !== 'raise') return answer;
    const limit = await this.prompts.newLimit(spend, request.price).catch(() => undefined);
    if (limit === undefined) return 'stop';
    this.raised.set(`${scopeOf(spend)}|${spend.period}`, limit);
    await this.writeLimit(spend, limit).catch(() => undefined);
    this._onDidChange.fire();
    return 'raise';
  }

  /** Sets a profile's own limits (undefined: none), in `tokenhub.budget.profiles`; an entry with no limit left is removed. */
  async setProfileLimits(profile: string, limits: BudgetLimits): Promise<void> {
    const all = this.profileEntries();
    const entry: Record<string, number> = {};
    if (limits.day !== undefined) entry.daily = limits.day;
    if (limits.month !== undefined) entry.monthly = limits.month;
    if (Object.keys(entry).length) all[profile] = entry;
    else delete all[profile];
    this.raised.delete(`${profile}|day`);
    this.raised.delete(`${profile}|month`);
    await this.settings.update(Settings.budgetProfiles, all);
  }

  /** The setting's entries as they are (a copy), to change one and write them back. */
  private profileEntries(): Record<string, unknown> {
    const raw = this.settings.get<unknown>(Settings.budgetProfiles, undefined);
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  }

  /** Writes a raised limit where it came from: the main budget's setting, or the profile's entry. */
  private async writeLimit(spend: PeriodSpend, limit: number): Promise<void> {
    if (spend.profile === undefined) return this.settings.update(spend.period === 'day' ? Settings.budgetDaily : Settings.budgetMonthly, limit);
    const all = this.profileEntries();
    const entry = all[spend.profile];
    all[spend.profile] = { ...(entry && typeof entry === 'object' ? entry : {}), [spend.period === 'day' ? 'daily' : 'monthly']: limit };
    return this.settings.update(Settings.budgetProfiles, all);
  }

  private profileSetting(): Map<string, BudgetLimits> {
    return profileBudgets(this.settings.get<unknown>(Settings.budgetProfiles, undefined));
  }

  /** After a record or a change of limits: the warning, for each budget that has just reached 80%. */
  private warnIfDue(): void {
    const byScope = new Map<string, PeriodSpend[]>();
    for (const spend of this.statusAll()) byScope.set(scopeOf(spend), [...(byScope.get(scopeOf(spend)) ?? []), spend]);
    for (const spends of byScope.values()) {
      const pressing = mostPressing(spends);
      if (pressing && pressing.level !== 'ok') this.warnOnce(pressing.spend);
    }
  }

  private resumeIfUnder(): void {
    for (const [source, profile] of this.paused) {
      const pressing = mostPressing(this.status(profile));
      if (!pressing || pressing.level !== 'over') this.paused.delete(source);
    }
  }

  /**
   * The 80% warning, once per budget, period (a day, a month) and limit (a raised budget warns
   * again at its own 80%), remembered across reloads.
   */
  private warnOnce(spend: PeriodSpend, show = true): void {
    const scope = scopeOf(spend);
    const key = `${scope}|${spend.period}|${spend.key}|${spend.limit}`;
    const given = this.memento.get<unknown>(StorageKeys.budgetWarned);
    const list = Array.isArray(given) ? given.filter((k): k is string => typeof k === 'string') : [];
    if (list.includes(key)) return;
    // Only the periods that can still come up are kept: the list stays short.
    const current = this.statusAll().map((s) => `${scopeOf(s)}|${s.period}|${s.key}|`);
    const kept = list.filter((k) => current.some((c) => k.startsWith(c)));
    void Promise.resolve(this.memento.update(StorageKeys.budgetWarned, [...kept, key])).catch(() => undefined);
    if (show) this.prompts.warn(spend);
  }
}
