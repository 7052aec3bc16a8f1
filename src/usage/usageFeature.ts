import * as vscode from 'vscode';
import { Commands, Views } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import { costText, onNewDay } from '../platform/usageFormat';
import { BudgetStatusBar } from './budgetStatusBar';
import type * as ProfileBudgetModule from './profileBudgetCommand';
import type { ProfileBudgetArg } from './profileBudgetCommand';

/** Loaded on the first "Set Budget…", not at activation (a bundle of its own in production, esbuild.mjs). */
function loadProfileBudget(): typeof ProfileBudgetModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./profileBudgetCommand') as typeof ProfileBudgetModule;
}
import { UsageTreeProvider } from './usageTree';
import type { UsageNode } from './usageTree';

/**
 * The usage feature: the "Usage" view (what the requests cost, per period, gateway profile, model
 * and source, from `services.usage`, the ledger every feature records into), "TokenHub: Show
 * Usage", and today's spend against the budget in the status bar while one is set, and "Set Budget…" on a gateway profile. The model
 * status bar's "Today" line lives with the model status bar, which reads the same ledger.
 */
export class UsageFeature extends Disposable {
  /** Exposed for tests: the tree's data provider and the view. */
  readonly tree: UsageTreeProvider;
  readonly treeView: vscode.TreeView<UsageNode>;
  /** Today's spend against the budget, while one is set. */
  readonly budgetStatusBar: BudgetStatusBar;

  constructor(services: Services) {
    super();
    this.tree = this._register(new UsageTreeProvider(services.usage, services.models, Date.now, services.profiles));
    this._register(services.profiles.onDidChange(() => this.tree.refresh()));
    this.treeView = this._register(vscode.window.createTreeView(Views.usage, { treeDataProvider: this.tree, showCollapseAll: true }));
    this.budgetStatusBar = this._register(new BudgetStatusBar(services.budget, services.settings));
    this._register(this.tree.onDidChangeTreeData(() => this.updateTitle()));
    // At midnight "today" becomes "yesterday"; after a sleep the timer may be late, so opening the view reads again too.
    this._register(onNewDay(() => this.tree.refresh()));
    this._register(this.treeView.onDidChangeVisibility((e) => e.visible && this.tree.refresh()));
    this._register(vscode.commands.registerCommand(Commands.showUsage, () => this.show()));
    this._register(vscode.commands.registerCommand(Commands.setProfileBudget, (arg?: ProfileBudgetArg) => loadProfileBudget().setProfileBudget(services, arg)));
    this.updateTitle();
  }

  /** Opens the TokenHub side bar on the Usage view (expanding it: it starts collapsed). */
  async show(): Promise<void> {
    await vscode.commands.executeCommand(`${Views.usage}.focus`);
  }

  /** Today's cost beside the view's title, readable while the view is collapsed. */
  private updateTitle(): void {
    const today = this.tree.periods.find((p) => p.period.id === 'today')?.period.totals;
    this.treeView.description = today && today.requests > 0 ? vscode.l10n.t('{0} today', costText(today)) : undefined;
  }
}
