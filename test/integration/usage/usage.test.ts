// The Usage view, in the real extension host: requests recorded through the extension's own usage
// ledger show up per period, model and source with their cost and count (a lower bound when some
// had no price), the view follows new records, "TokenHub: Show Usage" opens it, and the model
// status bar's tooltip says what today cost.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { DEFAULT_PROFILE_ID } from '../../../src/core/profiles/modelRef';
import { Commands, EXTENSION_ID, Views } from '../../../src/platform/ids';
import type { TokenHubExtensionApi } from '../../../src/extension';
import type { UsageEntry } from '../../../src/core/usage/usageEntry';
import type { ModelNode, PeriodNode, UsageNode } from '../../../src/usage/usageTree';
import { getApi, waitFor } from '../helpers';

/** Model ids no other suite uses, so this suite's rows are its own whatever was recorded before. */
const tag = randomBytes(4).toString('hex');
const ALPHA = `usage-test/alpha-${tag}`;
const BETA = `usage-test/beta-${tag}`;
const GAMMA = `usage-test/gamma-${tag}`;

/** Markdown as a person reads it (the tooltips escape punctuation). */
const plain = (md: vscode.MarkdownString | string | undefined) => (typeof md === 'string' ? md : (md?.value ?? '')).replace(/\\(.)/g, '$1');

describe('usage: the Usage view', () => {
  let api: TokenHubExtensionApi;

  before(async function () {
    this.timeout(60_000);
    api = await getApi();
  });

  const tree = () => api.usage.tree;
  const item = (node: UsageNode) => tree().getTreeItem(node);
  const periods = () => tree().getChildren() as PeriodNode[];
  const today = () => periods().find((p) => p.period.id === 'today');
  const models = () => {
    const t = today();
    if (!t) return [];
    const children = tree().getChildren(t);
    // Other suites may have used other gateway profiles today; these records are the default profile's.
    const own = children.find((n) => n.type === 'profile' && n.usage.profile === DEFAULT_PROFILE_ID);
    return (own ? tree().getChildren(own) : children) as ModelNode[];
  };
  const row = (id: string) => models().find((m) => m.usage.model === id);
  const record = (entry: UsageEntry) => api.services.usage.record(entry);

  it('contributes the view (collapsed, in the TokenHub container) and the command', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { views: Record<string, { id: string; visibility?: string }[]>; commands: { command: string; category?: string }[] };
    };
    const view = pkg.contributes.views[Views.container].find((v) => v.id === Views.usage);
    assert.ok(view, `${Views.usage} is in the ${Views.container} container`);
    assert.equal(view.visibility, 'collapsed');
    const command = pkg.contributes.commands.find((c) => c.command === Commands.showUsage);
    assert.ok(command, `${Commands.showUsage} is contributed`);
    assert.equal(command.category, 'TokenHub');
  });

  it("lists today's requests per model, most expensive first, with cost, count and tokens; per source only where there are several", async () => {
    const before = today()?.period.totals.requests ?? 0;
    await record({ model: ALPHA, source: 'chat', promptTokens: 1200, completionTokens: 300, cost: 0.0123 });
    await record({ model: ALPHA, source: 'code', promptTokens: 800, completionTokens: 100, cost: 0.0077 });
    await record({ model: BETA, source: 'nativeChat', promptTokens: 50, completionTokens: 5, cost: 0.001 });
    await record({ model: BETA, source: 'nativeChat', promptTokens: 60, completionTokens: 6 });
    await record({ model: GAMMA, source: 'media', promptTokens: 0, completionTokens: 0 });

    // Every period there is room for, and all time last, from the running total.
    const labels = periods().map((p) => item(p).label);
    assert.deepEqual(labels, ['Today', 'Yesterday', 'Last 7 days', 'This month', 'Last month', 'All time']);
    const allTime = periods().at(-1)!;
    assert.equal(allTime.period.totals.requests, api.services.usage.total.requests);

    const t = today()!;
    assert.equal(t.period.totals.requests, before + 5);
    const todayItem = item(t);
    assert.equal(todayItem.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    // Two of today's requests have no price: today's cost is a lower bound.
    // Other suites leave estimates (stopped answers) in today's total: "≈" then.
    assert.match(String(todayItem.description), /^at least (≈ )?\$[\d.]+ · [\d,]+ requests$/);
    assert.match(plain(todayItem.tooltip as vscode.MarkdownString), /Prompt tokens: [\d,]+/);

    const ids = models().map((m) => m.usage.model);
    assert.ok(ids.indexOf(ALPHA) < ids.indexOf(BETA) && ids.indexOf(BETA) < ids.indexOf(GAMMA), `by cost: ${ids.join(', ')}`);

    const alpha = item(row(ALPHA)!);
    assert.equal(alpha.label, ALPHA, 'a model the catalogue does not know reads as its id');
    assert.equal(alpha.description, '$0.02 · 2 requests');
    assert.equal(alpha.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const alphaTip = plain(alpha.tooltip as vscode.MarkdownString);
    assert.ok(alphaTip.includes('Prompt tokens: 2,000') && alphaTip.includes('Completion tokens: 400'), alphaTip);
    const sources = tree().getChildren(row(ALPHA)!).map((n) => item(n));
    assert.deepEqual(
      sources.map((s) => [s.label, s.description]),
      [
        ['Chat view', '$0.0123 · 1 request'],
        ['Code commands', '$0.0077 · 1 request'],
      ],
    );

    const beta = item(row(BETA)!);
    assert.equal(beta.description, 'at least $0.001 · 2 requests');
    assert.equal(beta.collapsibleState, vscode.TreeItemCollapsibleState.None, 'one source: nothing to open');
    assert.deepEqual(tree().getChildren(row(BETA)!), []);
    assert.match(plain(beta.tooltip as vscode.MarkdownString), /1 of these requests had no known price/);

    const gamma = item(row(GAMMA)!);
    assert.equal(gamma.description, 'cost unknown · 1 request');
    assert.match(plain(gamma.tooltip as vscode.MarkdownString), /No price is known/);

    // Today's cost beside the view's title, for when the view is collapsed.
    await waitFor(() => /today$/.test(api.usage.treeView.description ?? ''), 5000, "the view title's today");
  });

  it('updates when a new request is recorded', async () => {
    assert.equal(item(row(ALPHA)!).description, '$0.02 · 2 requests');
    let changed = false;
    const sub = tree().onDidChangeTreeData(() => (changed = true));
    try {
      await record({ model: ALPHA, source: 'chat', promptTokens: 10, completionTokens: 1, cost: 0.01 });
      await waitFor(() => changed, 5000, 'the Usage view to be told of the new record');
    } finally {
      sub.dispose();
    }
    assert.equal(item(row(ALPHA)!).description, '$0.03 · 3 requests');
    assert.equal(tree().getChildren(row(ALPHA)!).map((n) => item(n).description)[0], '$0.0223 · 2 requests');
  });

  it("shows today's cost in the model status bar's tooltip, as in the view", async () => {
    await record({ model: GAMMA, source: 'media', promptTokens: 0, completionTokens: 0, cost: 0.5 });
    const todayText = String(item(today()!).description);
    const tip = plain(api.models.statusBar.item.tooltip as vscode.MarkdownString);
    assert.ok(tip.includes(`Today: ${todayText}`), `"Today: ${todayText}" in:\n${tip}`);
  });

  it('"TokenHub: Show Usage" opens the view', async () => {
    await vscode.commands.executeCommand(Commands.showUsage);
    await waitFor(() => api.usage.treeView.visible, 10_000, 'the Usage view to be visible');
  });
});
