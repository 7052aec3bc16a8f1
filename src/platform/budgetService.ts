import * as vscode from 'vscode';
import type { BudgetLimits, BudgetPeriod, PeriodSpend } from '../core/usage/budget';
import { DEFAULT_PROFILE_ID as DEFAULT_PROFILE } from '../core/profiles/modelRef';
import { BUDGET_WARN_AT, limitOf, mostPressing, spendAgainst } from '../core/usage/budget';
import { BudgetPrompts } from './budgetPrompts';
import type { BudgetAnswer } from './budgetPrompts';
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

export type BudgetVerdict = { allowed: true } | { allowed: false; period: BudgetPeriod; cancelled?: true };

/** Sources that run on their own (inline completions): never a question; they stop, and the status bar says so. */
const SILENT_SOURCES: ReadonlySet<string> = new Set(['completion']);

const ALLOWED: BudgetVerdict = { allowed: true };

/**
 * The user's daily and monthly spending budgets (settings, off by default), consulted before
 * every request: the turn runner asks it before each model turn, media before each generation.
 * The spend is what the usage ledger counted (so it survives a reload and follows other
 * windows' writes). At 80% of a period's budget the user is warned once per period (remembered
 * across reloads); at 100% a new request asks first, in a modal dialog that needs no chat view:
 * allow this request, raise the budget, or do not send. Requests that come while the question is
 * open wait for its answer (one question per burst). Inline completions are never asked: they
 * stop, and `pausedSources` says so for the status bar.
 */
export class BudgetService extends Disposable {
  /** How the service talks to the user (replaced in tests). */
  prompts: Pick<BudgetPrompts, 'warn' | 'ask' | 'newLimit'> = new BudgetPrompts();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the spend, a limit or the paused sources may have changed (the status bar follows). */
  readonly onDidChange = this._onDidChange.event;
  /** The open question per profile: requests that come meanwhile share its answer. */
  private readonly asking = new Map<string, Promise<BudgetAnswer>>();
  /** Burst keys the user allowed past the budget. */
  private readonly allowedBursts = new Set<string>();
  private readonly paused = new Set<string>();
  /** A limit just raised, until the setting reads back (the host learns of a settings write later). */
  private readonly raised = new Map<BudgetPeriod, number>();

  constructor(
    private readonly settings: Pick<SettingsService, 'get' | 'update' | 'onDidChange'>,
    private readonly ledger: Pick<UsageLedger, 'days' | 'onDidChange'>,
    private readonly memento: vscode.Memento,
    private readonly now: () => number = Date.now,
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

  /** The limits of a profile's budget (each undefined when off). */
  limits(profile: string = DEFAULT_PROFILE): BudgetLimits {
    // One set of limits for now, counted over every profile's spending (one wallet); the
    // profile is kept in the signature and the questions so per-profile limits can join.
    void profile;
    return {
      day: this.raised.get('day') ?? limitOf(this.settings.get<unknown>(Settings.budgetDaily, undefined)),
      month: this.raised.get('month') ?? limitOf(this.settings.get<unknown>(Settings.budgetMonthly, undefined)),
    };
  }

  /** Where each period with a budget stands now; empty when no budget is set. */
  status(profile: string = DEFAULT_PROFILE): PeriodSpend[] {
    const limits = this.limits(profile);
    if (limits.day === undefined && limits.month === undefined) return [];
    return spendAgainst(limits, this.ledger.days, this.now());
  }

  /** Sources stopped at the budget without a question (inline completions), until it allows them again. */
  get pausedSources(): readonly string[] {
    return [...this.paused];
  }

  /**
   * Before a request: allowed, or not (the budget is reached and the user said not to send, or
   * the source never asks). Warns once at 80%. `signal` ends a wait for the question.
   */
  async check(request: BudgetRequest, signal?: AbortSignal): Promise<BudgetVerdict> {
    const profile = request.profile ?? DEFAULT_PROFILE;
    for (;;) {
      const pressing = mostPressing(this.status(profile), request.price);
      if (!pressing || pressing.level !== 'over') {
        if (this.paused.delete(request.source)) this._onDidChange.fire();
        if (pressing?.level === 'warn') this.warnOnce(profile, pressing.spend);
        return ALLOWED;
      }
      const { spend } = pressing;
      // The question says it all: no warning on top of it (unless only this request's price goes past).
      if (spend.spent >= spend.limit * BUDGET_WARN_AT) this.warnOnce(profile, spend, false);
      if (SILENT_SOURCES.has(request.source)) {
        if (!this.paused.has(request.source)) {
          this.paused.add(request.source);
          this._onDidChange.fire();
        }
        return { allowed: false, period: spend.period };
      }
      if (request.burst && this.allowedBursts.has(request.burst)) return ALLOWED;
      const answer = await this.answer(profile, spend, request, signal);
      if (answer === 'cancelled') return { allowed: false, period: spend.period, cancelled: true };
      if (answer === 'allow') {
        if (request.burst) this.allowedBursts.add(request.burst);
        return ALLOWED;
      }
      if (answer === 'stop') return { allowed: false, period: spend.period };
      // Raised: the same request is weighed again against the new limit.
    }
  }

  /** The open question's answer, or a new question; 'cancelled' when `signal` fires first. */
  private async answer(profile: string, spend: PeriodSpend, request: BudgetRequest, signal?: AbortSignal): Promise<BudgetAnswer | 'cancelled'> {
    let question = this.asking.get(profile);
    if (!question) {
      question = this.ask(spend, request).finally(() => this.asking.delete(profile));
      this.asking.set(profile, question);
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
    this.raised.set(spend.period, limit);
    await this.settings.update(spend.period === 'day' ? Settings.budgetDaily : Settings.budgetMonthly, limit).catch(() => undefined);
    this._onDidChange.fire();
    return 'raise';
  }

  /** After a record or a change of limits: the warning, if a period has just reached 80%. */
  private warnIfDue(profile: string = DEFAULT_PROFILE): void {
    const pressing = mostPressing(this.status(profile));
    if (pressing && pressing.level !== 'ok') this.warnOnce(profile, pressing.spend);
  }

  private resumeIfUnder(): void {
    if (!this.paused.size) return;
    const pressing = mostPressing(this.status());
    if (!pressing || pressing.level !== 'over') this.paused.clear();
  }

  /**
   * The 80% warning, once per profile, period (a day, a month) and limit (a raised budget warns
   * again at its own 80%), remembered across reloads.
   */
  private warnOnce(profile: string, spend: PeriodSpend, show = true): void {
    const key = `${profile}|${spend.period}|${spend.key}|${spend.limit}`;
    const given = this.memento.get<unknown>(StorageKeys.budgetWarned);
    const list = Array.isArray(given) ? given.filter((k): k is string => typeof k === 'string') : [];
    if (list.includes(key)) return;
    // Only the periods that can still come up are kept: the list stays short.
    const current = this.status(profile).map((s) => `${profile}|${s.period}|${s.key}|`);
    const kept = list.filter((k) => !k.startsWith(`${profile}|`) || current.some((c) => k.startsWith(c)));
    void Promise.resolve(this.memento.update(StorageKeys.budgetWarned, [...kept, key])).catch(() => undefined);
    if (show) this.prompts.warn(spend);
  }
}
