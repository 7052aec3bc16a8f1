// The models feature in the real extension host, against the simulator: the tree's
// items read through its provider, switching through the quick pick, and the status bar, the tree
// and the setting following one another.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Settings } from '../../../src/platform/ids';
import type { ModelNode, ModelsNode } from '../../../src/models/modelsTree';
import type { UnknownModelError } from '../../../src/platform/modelService';
import { SIM_MODELS } from '../../simulator/catalogue';
import { setUserSetting, useSimulator, waitFor } from '../helpers';

const full = (key: string) => `${Settings.section}.${key}`;

describe('models: tree, quick pick and status bar', function () {
  this.timeout(60_000);
  const session = useSimulator();
  const restores: (() => Promise<void>)[] = [];

  // Captured in `before`: the simulator session's own `after` runs before ours.
  let api: typeof session.api | undefined;
  const feature = () => (api ??= session.api).models;
  const service = () => (api ??= session.api).services.models;

  function modelNodes(): ModelNode[] {
    return feature().tree.allModelNodes();
  }
  function nodeFor(id: string, group?: string): ModelNode {
    const n = modelNodes().find((x) => x.model.id === id && (!group || x.parent.id === group));
    assert.ok(n, `tree node for ${id}`);
    return n;
  }
  function itemFor(id: string, group?: string): vscode.TreeItem {
    return feature().tree.getTreeItem(nodeFor(id, group));
  }
  function rootLabels(): string[] {
    return feature().tree.getChildren().map((g: ModelsNode) => (g.type === 'group' ? g.label : ''));
  }

  before(async function () {
    this.timeout(30_000);
    api = session.api;
    // Put every setting this suite touches back afterwards, whatever happens.
    for (const key of [Settings.chatModel, Settings.codeModel, Settings.favoriteModels, Settings.showStatusBar]) {
      const config = vscode.workspace.getConfiguration(Settings.section);
      const previous = config.inspect(key)?.globalValue;
      restores.push(() => Promise.resolve(vscode.workspace.getConfiguration(Settings.section).update(key, previous, vscode.ConfigurationTarget.Global)));
    }
    await setUserSetting(full(Settings.favoriteModels), []);
    await setUserSetting(full(Settings.codeModel), '');
    await setUserSetting(full(Settings.chatModel), 'anthropic/claude-sonnet-4-6');
    await service().refresh(true);
    await waitFor(() => service().state.origin === 'live', 10_000, 'the live model list from the simulator');
  });

  after(async () => {
    await feature().setFilter('');
    for (const r of restores.reverse()) await r();
  });

  it('lists exactly the gateway\'s models in the tree: providers, then image and video groups', async () => {
    const all = modelNodes().filter((n) => n.parent.id !== 'favorites');
    assert.deepEqual(all.map((n) => n.model.id).sort(), SIM_MODELS.map((m) => m.id).sort());
    const labels = rootLabels();
    assert.deepEqual(labels.slice(0, 3), ['OpenAI', 'Anthropic', 'Google']);
    assert.equal(labels.at(-2), 'Image models');
    assert.equal(labels.at(-1), 'Video models');
    assert.ok(!labels.includes('Favorites'), 'no favorites yet: no group');
    assert.ok(nodeFor('kwaivgi/kling-v2.6-pro').parent.id === 'videos');
    assert.ok(nodeFor('bytedance/doubao-seedream-5.0').parent.id === 'images');

    // A model the simulator adds appears after a refresh; one it drops disappears.
    session.sim.models = [...SIM_MODELS.filter((m) => m.id !== 'openai/gpt-5'), { id: 'acme/brand-new-1', ownedBy: 'acme', providerName: 'Acme', name: 'Brand New 1', kind: 'chat', contextLength: 32_000 }];
    try {
      await vscode.commands.executeCommand(Commands.refreshModels);
      await waitFor(() => modelNodes().some((n) => n.model.id === 'acme/brand-new-1'), 5000, 'the new model in the tree');
      assert.ok(!modelNodes().some((n) => n.model.id === 'openai/gpt-5'));
      assert.equal(itemFor('acme/brand-new-1').description, '32K · price unknown', 'no price listed: unknown, never $0');
    } finally {
      session.sim.models = SIM_MODELS;
      await service().refresh(true);
    }
  });

  it('shows a gateway\'s `$(…)` in a model\'s name or id as text in the quick pick, keeping its own icons', async () => {
    session.sim.models = [...SIM_MODELS, { id: 'acme/$(rocket)-1', ownedBy: 'acme', providerName: 'Acme', name: '$(rocket) Turbo', kind: 'chat', contextLength: 32_000, reasoning: true }];
    try {
      await service().refresh(true);
      const item = feature().picker.buildItems('chat').find((i) => i.modelId === 'acme/$(rocket)-1');
      assert.ok(item, 'the model is in the list');
      assert.equal(item.label, '\\$(rocket) Turbo');
      assert.equal(item.description, 'acme/\\$(rocket)-1');
      assert.match(item.detail ?? '', /(?<!\\)\$\(lightbulb\)/, 'the reasoning icon stays an icon');
    } finally {
      session.sim.models = SIM_MODELS;
      await service().refresh(true);
    }
  });

  it('shows context window, prices, capabilities and the current marks on each model', () => {
    const sonnet = itemFor('anthropic/claude-sonnet-4-6');
    assert.equal(sonnet.label, 'Claude Sonnet 4.6');
    assert.match(String(sonnet.description), /✓ chat · ✓ code · 200K · \$3 \/ \$15 per M/);
    assert.match(String(sonnet.contextValue), /model-chat/);
    assert.match(String(sonnet.contextValue), /current-chat/);
    const tip = sonnet.tooltip as vscode.MarkdownString;
    assert.ok(tip instanceof vscode.MarkdownString);
    assert.match(tip.value, /anthropic\/claude-sonnet-4-6/);
    assert.match(tip.value, /\$\(eye\)/, 'vision icon');
    assert.match(tip.value, /\$\(lightbulb\)/, 'reasoning icon (the simulator lists `reasoning`)');
    const kling = itemFor('kwaivgi/kling-v2.6-std');
    assert.match(String(kling.description), /\$0\.168\/s/);
    assert.match(String(kling.contextValue), /model-video/);
    const gpt = itemFor('openai/gpt-4.1');
    assert.doesNotMatch(String(gpt.description), /✓/);
    assert.match(String(gpt.description), /1M · \$2 \/ \$8 per M/);
  });

  it('switches the chat model through the quick pick: setting, status bar and tree change together', async () => {
    const target = 'openai/gpt-4.1-mini';
    const events: string[] = [];
    const sub = service().onDidChangeCurrent((p) => events.push(p));
    try {
      const shown = new Promise<vscode.QuickPick<vscode.QuickPickItem & { modelId?: string }>>((resolve) => {
        const once = feature().picker.onDidShow((qp) => {
          once.dispose();
          resolve(qp);
        });
      });
      const done = vscode.commands.executeCommand<string | undefined>(Commands.selectModel);
      const qp = await shown;
      // Grouped by provider with separators; the current model is the active item.
      assert.ok(qp.items.some((i) => i.kind === vscode.QuickPickItemKind.Separator && i.label === 'OpenAI'));
      assert.equal(qp.activeItems[0]?.modelId, 'anthropic/claude-sonnet-4-6');
      const item = qp.items.find((i) => i.modelId === target);
      assert.ok(item, 'the target is in the list');
      assert.match(item.detail ?? '', /\$0\.4 \/ \$1\.6 per M/);
      // Type to filter, as a user would: the workbench filters and makes the first match active
      // (and tells us so); accepting then picks it.
      qp.value = 'GPT-4.1 mini';
      await waitFor(() => qp.activeItems[0]?.modelId === target, 5000, 'the workbench to filter down to the target');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.equal(await done, target);

      assert.equal(vscode.workspace.getConfiguration(Settings.section).get(Settings.chatModel), target);
      await waitFor(() => feature().statusBar.text.includes('GPT-4.1 mini'), 5000, 'the status bar to show the new model');
      assert.ok(events.includes('chat'));
      assert.match(String(itemFor(target).description), /✓ chat/);
      assert.doesNotMatch(String(itemFor('anthropic/claude-sonnet-4-6').description), /✓ chat/);
      assert.equal(service().current('chat')?.id, target);
      assert.deepEqual(service().recent[0], { profile: 'tokenhub', model: target }, 'recently used');
    } finally {
      sub.dispose();
    }
  });

  it('says "Simulator" (TOKENHUB_SIMULATOR=1) or "Local endpoint" (another loopback URL) in the status bar, with an accessible name, and hides it by setting', async () => {
    const bar = feature().statusBar;
    // The extension host inherits the launcher's environment: the same process.env as this test.
    const simulator = ['1', 'true'].includes(process.env.TOKENHUB_SIMULATOR ?? '');
    assert.equal(bar.endpoint, simulator ? 'simulator' : 'local');
    assert.match(bar.text, simulator ? /\$\(beaker\) Simulator/ : /\$\(vm\) Local endpoint/);
    assert.equal(bar.item.command, Commands.selectModel);
    assert.match(bar.item.accessibilityInformation?.label ?? '', simulator ? /simulator/i : /local endpoint/i);
    const tip = bar.item.tooltip as vscode.MarkdownString;
    assert.match(tip.value, /OpenAI/);
    assert.match(tip.value, /1M tokens/);
    await setUserSetting(full(Settings.showStatusBar), false);
    await waitFor(() => !bar.visible, 5000, 'the status bar item to hide');
    await setUserSetting(full(Settings.showStatusBar), true);
    await waitFor(() => bar.visible, 5000, 'the status bar item to show again');
  });

  it('accepts ids without prefix, and refuses an unknown id with the closest ones', async () => {
    assert.equal(await vscode.commands.executeCommand(Commands.selectModel, 'claude-haiku-4-5'), 'anthropic/claude-haiku-4-5');
    assert.equal(vscode.workspace.getConfiguration(Settings.section).get(Settings.chatModel), 'anthropic/claude-haiku-4-5');
    await waitFor(() => feature().statusBar.text.includes('Claude Haiku 4.5'), 5000, 'status bar');
    await assert.rejects(service().setCurrent('chat', 'anthropic/claude-sonet-4-6'), (e: unknown) => {
      // Not `instanceof`: the extension runs from its bundle, this test from out/ (two copies of the class).
      const err = e as UnknownModelError;
      assert.equal(err.name, 'UnknownModelError');
      assert.equal(err.suggestions[0], 'anthropic/claude-sonnet-4-6');
      assert.match(err.message, /claude-sonet-4-6/);
      return true;
    });
    assert.equal(vscode.workspace.getConfiguration(Settings.section).get(Settings.chatModel), 'anthropic/claude-haiku-4-5', 'unchanged');
  });

  it('one owner of the current model: a pick is heard at once and once; an edit of settings.json elsewhere once too', async () => {
    await setUserSetting(full(Settings.codeModel), '');
    await setUserSetting(full(Settings.chatModel), 'anthropic/claude-sonnet-4-6');
    const fired: string[] = [];
    const sub = service().onDidChangeCurrent((p) => fired.push(p));
    try {
      const echo = new Promise<void>((resolve) => {
        const s2 = vscode.workspace.onDidChangeConfiguration((e) => {
          if (e.affectsConfiguration(full(Settings.chatModel))) {
            s2.dispose();
            resolve();
          }
        });
      });
      const picking = service().setCurrent('chat', 'openai/gpt-4.1');
      // Heard before the setting is written (no round trip through the settings event).
      assert.equal(service().currentId('chat'), 'openai/gpt-4.1');
      assert.deepEqual(fired, ['chat', 'code'], 'the empty code model follows the chat model');
      await picking;
      await echo;
      assert.deepEqual(fired, ['chat', 'code'], "our own write's echo fires nothing again");
      assert.equal(vscode.workspace.getConfiguration(Settings.section).get(Settings.chatModel), 'openai/gpt-4.1', 'kept in user settings');

      // The same model picked again: nothing changes, nothing fires.
      await service().setCurrent('chat', 'openai/gpt-4.1');
      assert.deepEqual(fired, ['chat', 'code']);

      // An edit made elsewhere (settings.json, Settings Sync) is heard once.
      await setUserSetting(full(Settings.chatModel), 'anthropic/claude-sonnet-4-6');
      await waitFor(() => service().currentId('chat') === 'anthropic/claude-sonnet-4-6', 5000, 'the edit to be read');
      assert.deepEqual(fired, ['chat', 'code', 'chat', 'code']);
    } finally {
      sub.dispose();
    }
  });

  it('context menu: use for code commands', async () => {
    await vscode.commands.executeCommand(Commands.useModelForCode, nodeFor('deepseek/deepseek-chat'));
    assert.equal(vscode.workspace.getConfiguration(Settings.section).get(Settings.codeModel), 'deepseek/deepseek-chat');
    await waitFor(() => /✓ code/.test(String(itemFor('deepseek/deepseek-chat').description)), 5000, 'the code mark');
    assert.equal(service().current('code')?.id, 'deepseek/deepseek-chat');
  });

  it('context menu: favorites appear on top and go again', async () => {
    await vscode.commands.executeCommand(Commands.addFavorite, nodeFor('google/gemini-2.5-pro'));
    await waitFor(() => rootLabels()[0] === 'Favorites', 5000, 'a Favorites group on top');
    const fav = itemFor('google/gemini-2.5-pro', 'favorites');
    assert.match(String(fav.contextValue), /favorite/);
    assert.deepEqual(vscode.workspace.getConfiguration(Settings.section).get(Settings.favoriteModels), ['google/gemini-2.5-pro']);
    await vscode.commands.executeCommand(Commands.removeFavorite, 'google/gemini-2.5-pro');
    await waitFor(() => rootLabels()[0] !== 'Favorites', 5000, 'the Favorites group to go');
  });

  it('context menu: copy model id', async function () {
    // A headless browser may never answer clipboard calls (no focus / permission): then the host
    // cannot check this, which is reported as skipped, not passed.
    const within = <T>(p: Thenable<T>) => Promise.race([Promise.resolve(p).then((value) => ({ value })), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
    if (!(await within(vscode.env.clipboard.writeText('probe')))) this.skip();
    const probe = await within(vscode.env.clipboard.readText());
    if (probe?.value !== 'probe') this.skip();
    assert.ok(await within(vscode.commands.executeCommand(Commands.copyModelId, nodeFor('x-ai/grok-4.1'))), 'the copy command finished');
    assert.equal((await within(vscode.env.clipboard.readText()))?.value, 'x-ai/grok-4.1');
  });

  it('filters the tree by provider and capability, and clears the filter', async () => {
    await vscode.commands.executeCommand(Commands.filterModels, 'anthropic vision');
    const shown = modelNodes();
    assert.ok(shown.length > 0);
    assert.ok(shown.every((n) => n.model.provider === 'anthropic' && n.model.capabilities.vision));
    assert.ok(!shown.some((n) => n.model.id === 'anthropic/claude-3-5-haiku-latest'), 'no vision: filtered out');
    assert.match(feature().treeView.message ?? '', /anthropic vision/);
    await vscode.commands.executeCommand(Commands.clearModelFilter);
    assert.equal(modelNodes().length, SIM_MODELS.length);
    assert.equal(feature().treeView.message, undefined);
  });

  it('falls back offline when the gateway fails, says so, and recovers', async () => {
    session.sim.enqueue({ match: { method: 'GET', path: '/models' }, status: 503, times: 10 });
    try {
      await vscode.commands.executeCommand(Commands.refreshModels);
      assert.equal(service().offline, true);
      assert.match(feature().treeView.message ?? '', /Offline/);
      assert.match(feature().statusBar.text, /cloud-offline/);
      // The last list the gateway sent is still shown.
      assert.equal(modelNodes().length, SIM_MODELS.length);
    } finally {
      session.sim.reset();
    }
    await vscode.commands.executeCommand(Commands.refreshModels);
    assert.equal(service().offline, false);
    assert.equal(feature().treeView.message, undefined);
    assert.doesNotMatch(feature().statusBar.text, /cloud-offline/);
  });
});
