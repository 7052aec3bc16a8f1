// Inline completions in the real extension host, against the simulator: typing then pausing sends
// one request; typing on aborts it (the simulator sees the connection close); the suggestion
// appears and Tab (`editor.action.inlineSuggest.commit`) inserts it; typing through it is served
// from the cache; the daily limit stops requests and says so; the Usage view counts completions;
// never in a file with secrets; the first-use prompt says what they cost.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CompletionModelItem } from '../../../src/completions/completionModelPicker';
import { completionModelItems } from '../../../src/completions/completionModelPicker';
import type { ProvideEvent } from '../../../src/completions/completionProvider';
import { Commands, Settings, StorageKeys } from '../../../src/platform/ids';
import type { ModelNode, PeriodNode } from '../../../src/usage/usageTree';
import type { RecordedRequest } from '../../simulator/server';
import { closeAllEditors, setUserSetting, useSimulator, waitFor } from '../helpers';

const MODEL = 'google/gemini-2.5-flash-lite';
const key = (name: string) => `${Settings.section}.${name}`;

function completionRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.path.endsWith('/chat/completions') && JSON.stringify(r.body).includes('code completion engine'));
}

/** Types as a person does: one character per `type` command (each is a keystroke for VS Code). */
async function typeText(text: string): Promise<void> {
  for (const ch of text) await vscode.commands.executeCommand('type', { text: ch });
}

/**
 * Tab: accepts the ghost text once VS Code shows it. The extension host cannot see whether it is
 * shown yet (a context key of the workbench), so the command is repeated until the text is in.
 */
async function acceptSuggestion(editor: vscode.TextEditor, expected: string): Promise<void> {
  await waitFor(
    async () => {
      if (!editor.document.getText().includes(expected)) await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.getText().includes(expected);
    },
    5_000,
    `"${expected}" inserted by Tab (the document: ${JSON.stringify(editor.document.getText())})`,
    100,
  );
}

/** A burst of keystrokes, as fast as a quick typist: sent without waiting for each to be handled. */
async function typeBurst(text: string): Promise<void> {
  await Promise.all([...text].map((ch) => vscode.commands.executeCommand('type', { text: ch })));
}

describe('completions: inline completions in the editor', () => {
  const s = useSimulator();
  const restore: (() => Promise<void>)[] = [];
  let events: ProvideEvent[] = [];
  let sub: vscode.Disposable | undefined;

  before(async function () {
    this.timeout(60_000);
    const api = s.api;
    await api.services.context.globalState.update(StorageKeys.completionCostShown, true);
    restore.push(await setUserSetting(key(Settings.completionModel), MODEL));
    restore.push(await setUserSetting(key(Settings.completionDailyLimit), 100));
    restore.push(await setUserSetting(key(Settings.completionsEnabled), true));
    sub = api.completions.onDidProvide((e) => events.push(e));
    // The workbench's inline-suggestion machinery answers once it has seen an editor: warm it up.
    const warm = await open('const warm = |\n');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => events.length > 0, 20_000, 'the provider to be asked once');
    await close(warm);
  });

  after(async () => {
    sub?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    for (const r of restore.reverse()) await r();
    await closeAllEditors();
  });

  beforeEach(() => {
    events = [];
    s.sim.completions = {};
    s.api.completions.engine.cache.clear();
  });

  afterEach(async () => {
    const editor = vscode.window.activeTextEditor;
    if (editor) await close(editor);
  });

  /** Closes the editor without saving, and waits until its document is gone (keystrokes must not reach it). */
  async function close(editor: vscode.TextEditor): Promise<void> {
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor(() => !vscode.window.visibleTextEditors.some((e) => e.document === editor.document), 10_000, 'the editor closed');
  }

  /**
   * A fresh file with the cursor at `|`, focused. Files of their own (not untitled documents,
   * whose names VS Code reuses once closed), so a keystroke can only reach this one.
   */
  let dir = '';
  let files = 0;
  async function open(file: string): Promise<vscode.TextEditor> {
    const at = file.indexOf('|');
    dir ||= fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-completions-'));
    const name = path.join(dir, `case-${++files}.ts`);
    fs.writeFileSync(name, file.slice(0, at) + file.slice(at + 1));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(name));
    const pos = doc.positionAt(at);
    // The selection as part of showing the editor: set afterwards it may reach the workbench after the first keystroke.
    const editor = await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
    // Keystrokes and ghost text go to the focused editor.
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await waitFor(() => vscode.window.activeTextEditor?.document === doc && vscode.window.activeTextEditor.selection.active.isEqual(pos), 5_000, 'the editor active, the cursor placed');
    return editor;
  }

  /** The suggestions the provider handed to VS Code. */
  const shown = () => events.filter((e) => e.result && e.selected === undefined);
  /** For failure messages: what the provider was asked and answered, and where each request's hole was. */
  const trace = () => {
    const asked = events.map((x) => [x.position.line, x.position.character, x.explicit, x.blocked, x.result?.text, x.result?.source, x.selected]);
    const holes = completionRequests(s.sim.requests).map((r) => {
      const user = (r.body as { messages: { content: string }[] }).messages[1]?.content ?? '';
      return /.{0,12}\{\{FILL_HERE\}\}.{0,4}/.exec(user.split('<FILE>')[1] ?? '')?.[0];
    });
    return `provider: ${JSON.stringify(asked)}\nrequests: ${JSON.stringify(holes)}`;
  };

  it('typing then pausing sends one request; the suggestion appears and Tab inserts it', async () => {
    const editor = await open('function add(a: number, b: number): number {\n  |\n}\n');
    const before = completionRequests(s.sim.requests).length;
    await typeBurst('ret');
    const first = await waitFor(() => shown()[0], 15_000, 'a suggestion').catch((e) => {
      throw new Error(`${e}\n${trace()}`);
    });
    assert.equal(first.result?.text, 'urn a + b;', trace());
    assert.equal(first.result?.source, 'network');
    assert.equal(completionRequests(s.sim.requests).length - before, 1, 'one request for the pause, none per keystroke');
    const body = completionRequests(s.sim.requests).at(-1)!.body as { model: string; stream: boolean };
    assert.equal(body.model, MODEL);

    await acceptSuggestion(editor, '  return a + b;\n}');
  });

  it('typing on aborts the request in flight: its connection closes', async () => {
    s.sim.completions = { delayMs: 5_000 };
    await open('function mul(a: number, b: number): number {\n  |\n}\n');
    const before = completionRequests(s.sim.requests).length;
    await typeText('r');
    const request = await waitFor(() => completionRequests(s.sim.requests)[before], 10_000, 'the request on the wire');
    await typeText('x');
    await waitFor(() => request.closedByClient, 5_000, 'the simulator to see the request aborted');
    assert.equal(request.finished, false);
  });

  it('typing through a shown suggestion is served from the cache, without a request', async () => {
    const editor = await open('function sub(a: number, b: number): number {\n  |\n}\n');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const first = await waitFor(() => shown()[0], 15_000, 'a suggestion');
    assert.equal(first.result?.text, 'return a + b;', trace());
    const before = completionRequests(s.sim.requests).length;
    await typeText('retu');
    const cached = await waitFor(() => shown().find((e) => e.result?.source === 'cache' && e.result.text === 'rn a + b;'), 10_000, 'the rest from the cache');
    assert.ok(cached);
    assert.equal(completionRequests(s.sim.requests).length, before, 'no request while typing through');
    await acceptSuggestion(editor, '  return a + b;\n}');
  });

  it('typing through a bracket the editor closes: the rest goes over it, Tab leaves no bracket twice', async () => {
    s.sim.completions = { reply: 'setTimeout(() => {\n    run();\n  });' };
    const editor = await open('function later(run: () => void): void {\n  |\n}\n');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => shown()[0], 15_000, 'a suggestion');
    // Each `(` typed is closed by the editor: `setTimeout(())` with the cursor inside both.
    await typeText('setTimeout((');
    assert.equal(editor.document.lineAt(1).text, '  setTimeout(())', 'the editor closed both brackets');
    const rest = await waitFor(() => shown().find((e) => e.result?.source === 'cache' && e.result.text.startsWith(') =>')), 10_000, 'the rest from the cache').catch((e) => {
      throw new Error(`${e}\n${trace()}`);
    });
    assert.deepEqual([rest.result?.text, rest.result?.replace], [') => {\n    run();\n  });', 2]);
    await acceptSuggestion(editor, 'run();\n  });');
    assert.equal(editor.document.getText(), 'function later(run: () => void): void {\n  setTimeout(() => {\n    run();\n  });\n}\n');
  });

  it('a block shows from its first line, then whole once it has arrived; Tab inserts all of it', async () => {
    s.sim.completions = { reply: 'const q = a / b;\n  console.log(q);\n  return q;', chunkDelayMs: 40, chunkChars: 4 };
    const editor = await open('function quot(a: number, b: number): number {\n  |\n}\n');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    const first = await waitFor(() => shown()[0], 15_000, 'the first line');
    assert.deepEqual([first.result?.text, first.result?.partial], ['const q = a / b;', true], trace());
    // The extension asks VS Code again when the rest has come; the cache answers.
    const whole = await waitFor(() => shown().find((e) => e.result?.text === 'const q = a / b;\n  console.log(q);\n  return q;'), 10_000, 'the whole block').catch((e) => {
      throw new Error(`${e}\n${trace()}`);
    });
    assert.equal(whole.result?.source, 'cache');
    assert.equal(completionRequests(s.sim.requests).filter((r) => JSON.stringify(r.body).includes('quot(')).length, 1, 'one request');
    await acceptSuggestion(editor, '  const q = a / b;\n  console.log(q);\n  return q;\n}');
  });

  it('the daily limit stops requests and the status bar says so', async () => {
    const api = s.api;
    await open('function div(a: number, b: number): number {\n  |\n}\n');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor(() => shown()[0], 15_000, 'a first suggestion');
    await waitFor(() => api.completions.today().cost > 0, 5_000, 'its cost in the ledger');
    const undo = await setUserSetting(key(Settings.completionDailyLimit), api.completions.today().cost / 2);
    try {
      const before = completionRequests(s.sim.requests).length;
      events = [];
      await typeText(' ');
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await waitFor(() => events.find((e) => e.blocked === 'limit'), 10_000, 'the provider to refuse at the limit');
      assert.equal(completionRequests(s.sim.requests).length, before, 'no request past the limit');
      await waitFor(() => api.completions.statusBar.text.includes('limit reached'), 5_000, 'the status bar to say the limit is reached');
      assert.match(api.completions.statusBar.tooltipText, /daily limit/);
    } finally {
      await undo();
    }
  });

  it('the status bar and the Usage view count completions with their own source', async () => {
    const api = s.api;
    const today = api.completions.today();
    assert.ok(today.requests >= 2, `${today.requests} completion requests today`);
    const tip = api.completions.statusBar.tooltipText.replace(/\\(.)/g, '$1');
    assert.ok(tip.includes(`${today.requests} completion requests`), tip);
    // One chat answer from the same model, so its row in the Usage view splits by source.
    await api.services.usage.record({ model: MODEL, source: 'chat', promptTokens: 10, completionTokens: 2, cost: 0.000001 });
    const tree = api.usage.tree;
    const todayNode = (tree.getChildren() as PeriodNode[]).find((p) => p.period.id === 'today')!;
    const row = (tree.getChildren(todayNode) as ModelNode[]).find((m) => m.usage.model === MODEL);
    assert.ok(row, 'the completion model has a row today');
    const sources = tree.getChildren(row).map((n) => tree.getTreeItem(n));
    const completions = sources.find((i) => i.label === 'Inline completions');
    assert.ok(completions, `sources: ${sources.map((i) => i.label).join(', ')}`);
    assert.match(String(completions.description), new RegExp(`· ${today.requests} requests$`));
  });

  it('never in a file that holds secrets', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-env-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'API_TOKEN=\n');
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const before = completionRequests(s.sim.requests).length;
      const context: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
      const items = await s.api.completions.provider.provideInlineCompletionItems(doc, new vscode.Position(0, 10), context, new vscode.CancellationTokenSource().token);
      assert.equal(items, undefined);
      assert.equal(events.at(-1)?.blocked, 'sensitive');
      assert.equal(completionRequests(s.sim.requests).length, before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('respects editor.inlineSuggest.enabled', async () => {
    const undo = await setUserSetting('editor.inlineSuggest.enabled', false);
    try {
      const editor = await open('const x = |\n');
      assert.equal(s.api.completions.blocked(editor.document), 'inlineSuggestOff');
    } finally {
      await undo();
    }
  });

  it('after a quiet spell, the first keystroke opens a connection ahead of the request (a free model list)', async () => {
    await open('function g() {\n  |\n}\n');
    s.api.completions.engine.warming.forget();
    const before = s.sim.requests.length;
    await typeText('r');
    await waitFor(() => s.sim.requests.slice(before).some((r) => r.method === 'GET' && r.path.endsWith('/models')), 10_000, 'the warm-up');
  });

  it('turned off, typing sends nothing to the gateway (no request, no warm-up)', async () => {
    const undo = await setUserSetting(key(Settings.completionsEnabled), false);
    try {
      await open('function f() {\n  |\n}\n');
      // Long quiet: were it on, the first keystroke would open a connection.
      s.api.completions.engine.warming.forget();
      const before = s.sim.requests.length;
      await typeText('ret');
      // The provider is still asked as VS Code's user types: it says "off" for the last keystroke.
      await waitFor(() => events.some((e) => e.blocked === 'off' && e.position.character === 5), 10_000, 'the provider to refuse the last keystroke');
      assert.deepEqual(s.sim.requests.slice(before).map((r) => r.path), []);
    } finally {
      await undo();
    }
  });

  it('the first time it is turned on, says what it costs with the chosen model', async () => {
    const api = s.api;
    await api.services.context.globalState.update(StorageKeys.completionCostShown, undefined);
    const undo = await setUserSetting(key(Settings.completionsEnabled), false);
    const asked: string[] = [];
    const original = api.completions.askCost;
    api.completions.askCost = async (message) => {
      asked.push(message);
      return 'on';
    };
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.toggleCompletions), true);
      assert.equal(asked.length, 1);
      assert.match(asked[0], /Gemini 2\.5 Flash-Lite .*about \$0\.166 per 1,000 completions/);
      await waitFor(() => api.completions.settings.enabled, 5_000, 'completions on');
      // Off and on again: no second prompt.
      assert.equal(await vscode.commands.executeCommand(Commands.toggleCompletions), false);
      await waitFor(() => !api.completions.settings.enabled, 5_000, 'completions off');
      assert.equal(await vscode.commands.executeCommand(Commands.toggleCompletions), true);
      assert.equal(asked.length, 1);
    } finally {
      api.completions.askCost = original;
      await undo();
    }
  });

  it('the model picker lists fast, cheap models first, cheapest first, each with what 1,000 completions cost', () => {
    const items = completionModelItems(s.api.services.models);
    assert.equal(items[0].modelId, '', 'Automatic first');
    const fastAt = items.findIndex((i) => i.kind === vscode.QuickPickItemKind.Separator && i.label === 'Fast and cheap');
    const otherAt = items.findIndex((i) => i.kind === vscode.QuickPickItemKind.Separator && i.label === 'Other chat models');
    assert.ok(fastAt > 0 && otherAt > fastAt, 'two sections, fast and cheap first');
    const fast = items.slice(fastAt + 1, otherAt);
    const cost = (i: CompletionModelItem) => Number(/about \$([\d.]+) per 1,000 completions/.exec(i.detail ?? '')?.[1] ?? Infinity);
    assert.ok(fast.length >= 3, `${fast.length} fast models`);
    assert.deepEqual(fast.map(cost), [...fast.map(cost)].sort((a, b) => a - b), 'cheapest first');
    assert.ok(fast.some((i) => i.modelId === MODEL));
    const others = items.slice(otherAt + 1);
    assert.ok(others.some((i) => i.modelId === 'openai/gpt-4.1' && /costly/.test(i.detail ?? '')));
    assert.ok(others.some((i) => i.modelId === 'google/gemini-2.5-pro' && /reasons before answering/.test(i.detail ?? '')));
  });

  it('turns completions off and on again for one language', async () => {
    const undo = await setUserSetting(key(Settings.completionLanguages), { '*': true });
    try {
      const editor = await open('const x = |\n');
      assert.equal(await vscode.commands.executeCommand(Commands.toggleCompletionsForLanguage), false);
      await waitFor(() => s.api.completions.blocked(editor.document) === 'language', 5_000, 'TypeScript off');
      await waitFor(() => s.api.completions.statusBar.tooltipText.includes('Turn On for TypeScript'), 5_000, 'the tooltip offers it back');
      assert.equal(await vscode.commands.executeCommand(Commands.toggleCompletionsForLanguage), true);
      await waitFor(() => s.api.completions.blocked(editor.document) === undefined, 5_000, 'TypeScript on');
    } finally {
      await undo();
    }
  });

  it('chooses its own fast, cheap model when none is set, and takes one by id', async () => {
    const api = s.api;
    const undo = await setUserSetting(key(Settings.completionModel), '');
    try {
      await waitFor(() => api.services.models.currentId('completion') === '', 5_000, 'the setting read back');
      assert.equal(api.completions.statusBar.status?.model?.automatic, true);
      const auto = api.completions.statusBar.status?.model?.id;
      assert.ok(auto && auto !== MODEL, `automatic: ${auto}`);
      assert.equal(await vscode.commands.executeCommand(Commands.selectCompletionModel, MODEL), MODEL);
      assert.equal(api.completions.statusBar.status?.model?.automatic, false);
    } finally {
      await undo();
    }
  });
});
