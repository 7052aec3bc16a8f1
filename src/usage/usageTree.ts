import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import type { ModelUsage, PeriodUsage, ProfileUsage, SourceUsage } from '../core/usage/usagePeriods';
import { usagePeriods } from '../core/usage/usagePeriods';
import { USAGE_DAYS } from '../core/usage/usageTotals';
import { Disposable } from '../platform/lifecycle';
import type { UsageLedger } from '../platform/usageLedger';
import { dayRange, periodLabel, sourceLabel, usageSpoken, usageSummary, usageTooltip } from '../platform/usageFormat';

export interface PeriodNode {
  type: 'period';
  period: PeriodUsage;
}

/** A gateway profile's share of a period (shown when the period used more than one profile). */
export interface ProfileNode {
  type: 'profile';
  usage: ProfileUsage;
  parent: PeriodNode;
}

export interface ModelNode {
  type: 'model';
  usage: ModelUsage;
  parent: PeriodNode | ProfileNode;
}

export interface SourceNode {
  type: 'source';
  usage: SourceUsage;
  parent: ModelNode;
}

export type UsageNode = PeriodNode | ProfileNode | ModelNode | SourceNode;

/** Model names for the rows (the catalogue's), by id and profile. */
export interface ModelNames {
  find(id: string, profile?: string): ModelInfo | undefined;
  readonly onDidChangeModels: vscode.Event<unknown>;
}

/** Profile names for the rows. */
export interface ProfileNames {
  nameOf(id: string): string;
}

/** How long record events are gathered before the view is told (answers that end together redraw it once). */
const REFRESH_DELAY_MS = 150;

/**
 * The "Usage" view: what the requests cost, per period (today, yesterday, the last 7 days, this
 * month, last month, all time), then per model, most expensive first, then per source (chat
 * view, code commands, VS Code chat, images and videos) where a model was used from more than one.
 * Reads the usage ledger on demand and follows its records; "today" moves on at midnight.
 */
export class UsageTreeProvider extends Disposable implements vscode.TreeDataProvider<UsageNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<UsageNode | undefined | void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private roots: PeriodNode[] | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ledger: Pick<UsageLedger, 'total' | 'days' | 'onDidChange'>,
    private readonly models: ModelNames,
    private readonly now: () => number = Date.now,
    private readonly profiles: ProfileNames = { nameOf: (id) => id },
  ) {
    super();
    // The data is read afresh at once; only the view's redraw waits a little.
    this._register(ledger.onDidChange(() => this.refresh(REFRESH_DELAY_MS)));
    this._register(models.onDidChangeModels(() => this.refresh(REFRESH_DELAY_MS)));
    this._register({ dispose: () => clearTimeout(this.timer) });
  }

  /** Reads the ledger again; tells the view now, or after `delayMs` together with whatever else comes meanwhile. */
  refresh(delayMs = 0): void {
    this.roots = undefined;
    if (delayMs <= 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this._onDidChangeTreeData.fire();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this._onDidChangeTreeData.fire();
    }, delayMs);
  }

  /** The period rows as they are now (the view title and the tests read them). */
  get periods(): PeriodNode[] {
    return (this.roots ??= usagePeriods({ total: this.ledger.total, days: this.ledger.days }, this.now()).map((period) => ({ type: 'period', period })));
  }

  getChildren(element?: UsageNode): UsageNode[] {
    if (!element) return this.periods;
    if (element.type === 'period') {
      // Split by profile only when the period used more than one.
      if (element.period.profiles.length) return element.period.profiles.map((usage) => ({ type: 'profile', usage, parent: element }));
      return element.period.models.map((usage) => ({ type: 'model', usage, parent: element }));
    }
    if (element.type === 'profile') return element.usage.models.map((usage) => ({ type: 'model', usage, parent: element }));
    if (element.type === 'model') return element.usage.sources.map((usage) => ({ type: 'source', usage, parent: element }));
    return [];
  }

  getParent(element: UsageNode): UsageNode | undefined {
    return element.type === 'period' ? undefined : element.parent;
  }

  getTreeItem(element: UsageNode): vscode.TreeItem {
    switch (element.type) {
      case 'period':
        return this.periodItem(element.period);
      case 'profile':
        return this.profileItem(element);
      case 'model':
        return this.modelItem(element);
      case 'source':
        return this.sourceItem(element);
    }
  }

  private periodItem(p: PeriodUsage): vscode.TreeItem {
    const label = periodLabel(p.id);
    // Today opens by itself (what people look for); VS Code keeps whatever the user opens or closes by the row's id.
    const state = !p.models.length ? vscode.TreeItemCollapsibleState.None : p.id === 'today' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(label, state);
    item.id = `period:${p.id}`;
    item.description = usageSummary(p.totals);
    item.iconPath = new vscode.ThemeIcon(p.id === 'allTime' ? 'history' : 'calendar');
    item.contextValue = `usage-period-${p.id}`;
    const notes: string[] = [];
    if (p.id === 'allTime' && p.detailFrom) {
      notes.push(vscode.l10n.t('Details per model are kept for the last {0} days (complete from {1}); the total counts every request.', USAGE_DAYS, dayRange(p.detailFrom, p.detailFrom)));
    }
    item.tooltip = usageTooltip(label, p.totals, { dates: p.from && p.to ? dayRange(p.from, p.to) : undefined, notes });
    item.accessibilityInformation = { label: `${label}, ${usageSpoken(p.totals)}` };
    return item;
  }

  private profileItem(node: ProfileNode): vscode.TreeItem {
    const { profile, totals } = node.usage;
    const name = this.profiles.nameOf(profile);
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `${node.parent.period.id}|profile:${profile}`;
    item.description = usageSummary(totals);
    item.iconPath = new vscode.ThemeIcon('cloud');
    item.contextValue = 'usage-profile';
    const period = node.parent.period;
    item.tooltip = usageTooltip(name, totals, { dates: `${periodLabel(period.id)}${period.from && period.to ? ` (${dayRange(period.from, period.to)})` : ''}` });
    item.accessibilityInformation = { label: `${name}, ${usageSpoken(totals)}` };
    return item;
  }

  private modelItem(node: ModelNode): vscode.TreeItem {
    const { model: id, profile, totals, sources } = node.usage;
    const name = this.models.find(id, profile)?.name ?? id;
    const item = new vscode.TreeItem(name, sources.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const period = periodOf(node);
    item.id = `${period.id}|profile:${profile}|model:${id}`;
    item.description = usageSummary(totals);
    item.iconPath = new vscode.ThemeIcon('sparkle');
    item.contextValue = 'usage-model';
    item.tooltip = usageTooltip(name, totals, { dates: `${periodLabel(period.id)}${period.from && period.to ? ` (${dayRange(period.from, period.to)})` : ''}`, detail: id });
    item.accessibilityInformation = { label: `${name}, ${usageSpoken(totals)}` };
    return item;
  }

  private sourceItem(node: SourceNode): vscode.TreeItem {
    const { source, totals } = node.usage;
    const label = sourceLabel(source);
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    const period = periodOf(node.parent);
    item.id = `${period.id}|profile:${node.parent.usage.profile}|model:${node.parent.usage.model}|source:${source}`;
    item.description = usageSummary(totals);
    item.iconPath = new vscode.ThemeIcon(SOURCE_ICONS[source]);
    item.contextValue = `usage-source-${source}`;
    const model = this.models.find(node.parent.usage.model, node.parent.usage.profile)?.name ?? node.parent.usage.model;
    item.tooltip = usageTooltip(`${model} · ${label}`, totals, { dates: periodLabel(period.id) });
    item.accessibilityInformation = { label: `${label}, ${usageSpoken(totals)}` };
    return item;
  }
}

function periodOf(node: ModelNode): PeriodUsage {
  return node.parent.type === 'period' ? node.parent.period : node.parent.parent.period;
}

const SOURCE_ICONS: Readonly<Record<SourceUsage['source'], string>> = {
  chat: 'comment',
  agent: 'hubot',
  code: 'code',
  nativeChat: 'comment-discussion',
  media: 'file-media',
  completion: 'lightbulb-sparkle',
};
