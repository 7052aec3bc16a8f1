// Commands on selected code in the real extension host, against the simulator: a
// refactor streams into a diff, Apply is one edit (one undo), a cancelled refactor changes
// nothing, an edit follows its code when the document changed, Explain goes to the chat.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, StorageKeys } from '../../../src/platform/ids';
import type { CodeCommandResult } from '../../../src/platform/codeTarget';
import { PROPOSAL_SCHEME } from '../../../src/platform/proposals';
import type { ChatMessage } from '../../../src/core/api/types';
import { usageSince, useSimulator, waitFor } from '../helpers';
import type { RecordedRequest } from '../../simulator/server';
import { textOf } from '../../../src/core/conversation/parts';

const ORIGINAL = [
  '// calculator',
  'function add(x, y) {',
  '  return x + y;',
  '}',
  '',
  'console.log(add(1, 2));',
  '',
].join('\n');
const SELECTED = 'function add(x, y) {\n  return x + y;\n}';
const REFACTORED = 'function add(first, second) {\n  return first + second;\n}';
const REPLY = `Here is the refactored function:\n\n\`\`\`js\n${REFACTORED}\n\`\`\`\n\nI renamed the parameters to say what they hold.`;

function diffTabFor(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString());
}

function proposalTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSAL_SCHEME);
}

function chatRequests(sim: { requests: readonly RecordedRequest[] }) {
  return sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions'));
}

function userText(body: unknown): string {
  const messages = ((body ?? {}) as { messages?: ChatMessage[] }).messages ?? [];
  return messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

async function openWithSelection(content: string, language: string, selected: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const start = content.indexOf(selected);
  assert.ok(start >= 0);
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(start + selected.length));
  return editor;
}

async function closeAll(): Promise<void> {
  // Reverts untitled documents instead of asking to save them.
  for (let i = 0; i < 10 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('code commands: refactor, apply, undo, cancel, explain', function () {
  this.timeout(60_000);
  const session = useSimulator();

  beforeEach(() => session.sim.reset());
  afterEach(async () => {
    for (const p of session.api.code.proposals.all) await session.api.code.proposals.discard(p);
    await closeAll();
  });

  it('refactor streams a proposal into a diff; Apply is one edit that one undo takes back', async () => {
    const { sim, api } = session;
    const editor = await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    const doc = editor.document;
    sim.enqueue({ reply: REPLY, chunkChars: 6, usage: { prompt_tokens: 120, completion_tokens: 40 } });
    const recordsBefore = api.services.usage.total.requests;

    const result = await vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { instruction: 'rename x to first and y to second' });
    assert.equal(result.status, 'proposed', JSON.stringify(result));
    if (result.status !== 'proposed') return;

    // The request went to the code model with the instruction, the code and the file's language.
    const [request] = chatRequests(sim);
    assert.ok(request, 'a chat completion was requested');
    const body = request.body as { model: string; stream?: boolean; max_tokens?: number };
    assert.equal(body.model, api.services.models.currentId('code'));
    assert.equal(body.stream, true);
    assert.ok((body.max_tokens ?? 0) > 0, 'max_tokens is sent');
    const sent = userText(request.body);
    assert.ok(sent.includes('rename x to first and y to second'));
    assert.ok(sent.includes(SELECTED));
    assert.ok(sent.includes('JavaScript'));

    // The instruction is offered again next time.
    await waitFor(() => api.services.context.globalState.get<string[]>(StorageKeys.recentInstructions)?.[0] === 'rename x to first and y to second', 5000, 'the recent instruction');

    // The diff shows original against proposal; the file itself is untouched.
    const tab = diffTabFor(result.proposalUri);
    assert.ok(tab, 'the proposal diff is open');
    const proposal = await vscode.workspace.openTextDocument(result.proposalUri);
    assert.equal(proposal.getText(), ORIGINAL.replace(SELECTED, REFACTORED));
    const left = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).original);
    assert.equal(left.getText(), ORIGINAL);
    assert.equal(doc.getText(), ORIGINAL, 'nothing is written before Apply');

    const applied = await vscode.commands.executeCommand(Commands.applyProposal, { id: result.proposalId });
    assert.equal(applied, 'applied');
    assert.equal(doc.getText(), ORIGINAL.replace(SELECTED, REFACTORED));
    assert.ok(!doc.getText().includes('renamed the parameters'), 'the explanation outside the fence is not written');
    await waitFor(() => !diffTabFor(result.proposalUri), 5000, 'the diff to close');
    assert.equal(api.code.proposals.all.length, 0);

    // Usage of the request was recorded as a code request.
    const rec = await waitFor(() => usageSince(api.services.usage, recordsBefore).at(-1), 5000, 'the usage record');
    assert.equal(rec.source, 'code');
    assert.equal(rec.promptTokens, 120);

    // One undo step brings the original back.
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === ORIGINAL, 5000, 'one undo to restore the original');
  });

  it('a cancelled refactor stops the request at once and changes nothing', async () => {
    const { sim, api } = session;
    const editor = await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    const doc = editor.document;
    const long = `\`\`\`js\n${'// line of a long answer\n'.repeat(200)}${REFACTORED}\n\`\`\``;
    sim.enqueue({ reply: long, chunkChars: 8, delayMs: 30 });
    const cts = new vscode.CancellationTokenSource();
    const pending = vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { instruction: 'rename', token: cts.token });

    // Wait until the answer is streaming into the proposal, then cancel.
    const proposal = await waitFor(() => api.code.proposals.all.find((p) => p.answer.length > 0), 10_000, 'the answer to start streaming');
    assert.equal(proposal.state, 'streaming');
    cts.cancel();
    const result = await pending;
    assert.equal(result.status, 'cancelled');
    assert.equal(doc.getText(), ORIGINAL);
    assert.equal(api.code.proposals.all.length, 0);
    await waitFor(() => proposalTabs().length === 0, 5000, 'the diff to close');
    // The connection was closed by us, long before the answer could have finished.
    await waitFor(() => chatRequests(sim)[0]?.closedByClient, 5000, 'the request to be aborted');
    assert.equal(chatRequests(sim)[0].finished, false);
  });

  it('Discard while the answer streams cancels it too', async () => {
    const { sim, api } = session;
    await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    sim.enqueue({ reply: `\`\`\`js\n${'x();\n'.repeat(300)}\`\`\``, chunkChars: 4, delayMs: 30 });
    const pending = vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { instruction: 'anything' });
    const proposal = await waitFor(() => api.code.proposals.all.find((p) => p.answer.length > 0), 10_000, 'the answer to start streaming');
    assert.equal(await vscode.commands.executeCommand(Commands.discardProposal, { id: proposal.id }), true);
    assert.equal((await pending).status, 'cancelled');
    await waitFor(() => chatRequests(sim)[0]?.closedByClient, 5000, 'the request to be aborted');
  });

  it('places the edit by content when the document changed, and refuses when its code changed', async () => {
    const { sim } = session;
    const editor = await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    const doc = editor.document;
    // The second proposal changes the code again (one that changed nothing would not be applied).
    const again = `\`\`\`js\n${REFACTORED.replace('first + second', 'second + first')}\n\`\`\``;
    sim.enqueue({ reply: REPLY }, { reply: again });

    const first = await vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { instruction: 'rename' });
    assert.equal(first.status, 'proposed');
    if (first.status !== 'proposed') return;
    // The user adds lines above the selection before applying.
    const header = '// a header\n// typed while the proposal was open\n';
    assert.ok(await editWith((e) => e.insert(doc.uri, new vscode.Position(0, 0), header)));
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: first.proposalId }), 'applied');
    assert.equal(doc.getText(), header + ORIGINAL.replace(SELECTED, REFACTORED));

    // Now a proposal for the new code, then the user edits that very code: nothing is applied.
    await vscode.window.showTextDocument(doc, { preview: false });
    const start = doc.getText().indexOf(REFACTORED);
    const range = new vscode.Range(doc.positionAt(start), doc.positionAt(start + REFACTORED.length));
    const second = await vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { uri: doc.uri, range, instruction: 'again' });
    assert.equal(second.status, 'proposed');
    if (second.status !== 'proposed') return;
    assert.ok(await editWith((e) => e.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(start + 'function'.length)), 'async function')));
    const before = doc.getText();
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: second.proposalId }), 'cannotPlace');
    assert.equal(doc.getText(), before, 'nothing changed');
  });

  it('refuses a selection too large for the model with a message, without a request', async () => {
    const { sim } = session;
    // About 450k tokens, for a model whose window the catalogue gives as 200K. The model is named,
    // not taken from the settings: an earlier suite may leave a 1M-window model current.
    const model = 'anthropic/claude-sonnet-4-6';
    assert.equal(session.api.services.models.find(model)?.contextWindow, 200_000);
    const huge = `const data = [\n${'  "0123456789abcdef0123456789abcdef0123456789abcdef",\n'.repeat(30_000)}];\n`;
    // A file, not an untitled document: an untitled one may be matched to a just-closed one of the same name.
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, 'too-large-for-the-model.js');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(huge));
    const doc = await vscode.workspace.openTextDocument(file);
    const range = new vscode.Range(0, 0, doc.lineCount - 1, 0);
    const result = await vscode.commands.executeCommand<CodeCommandResult>(Commands.refactorSelection, { uri: doc.uri, range, instruction: 'sort it', model });
    await vscode.workspace.fs.delete(file);
    assert.equal(result.status, 'tooLarge');
    assert.equal(chatRequests(sim).length, 0);
    assert.equal(proposalTabs().length, 0);
  });

  it('shows no proposal when the answer holds no code', async () => {
    const { sim, api } = session;
    await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    sim.enqueue({ reply: 'I would not change anything here: the function is already as clear as it can be.' });
    const result = await vscode.commands.executeCommand<CodeCommandResult>(Commands.documentSelection);
    assert.equal(result.status, 'noCode');
    assert.equal(api.code.proposals.all.length, 0);
    await waitFor(() => proposalTabs().length === 0, 5000, 'the diff to close');
  });

  it('offers Fix with TokenHub on problems and the other commands on a selection', async () => {
    const editor = await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    const doc = editor.document;
    const collection = vscode.languages.createDiagnosticCollection('tokenhub-test');
    try {
      const problem = new vscode.Diagnostic(new vscode.Range(2, 2, 2, 14), 'Unexpected use of x', vscode.DiagnosticSeverity.Error);
      collection.set(doc.uri, [problem]);
      const atProblem = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(2, 3, 2, 3));
      const fix = atProblem.find((a) => a.command?.command === Commands.fixSelection);
      assert.ok(fix, 'Fix with TokenHub is offered');
      assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
      const onSelection = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, editor.selection);
      const ids = onSelection.map((a) => a.command?.command);
      for (const id of [Commands.explainSelection, Commands.refactorSelection, Commands.documentSelection, Commands.writeTests]) assert.ok(ids.includes(id), `${id} offered`);

      // Fix sends the problems in the range to the model.
      session.sim.enqueue({ reply: '```js\nfunction add(x, y) {\n  return Number(x) + Number(y);\n}\n```' });
      const result = await vscode.commands.executeCommand<CodeCommandResult>(fix.command!.command, ...(fix.command!.arguments ?? []));
      assert.equal(result.status, 'proposed');
      assert.ok(userText(chatRequests(session.sim)[0].body).includes('Unexpected use of x'));
    } finally {
      collection.dispose();
    }
  });

  it('write tests proposes a new test file, created on Apply', async () => {
    const { sim } = session;
    const ws = vscode.workspace.workspaceFolders?.[0];
    assert.ok(ws, 'the integration host opens a workspace folder');
    const dir = vscode.Uri.joinPath(ws.uri, 'tokenhub-code-it');
    const source = vscode.Uri.joinPath(dir, 'calc.ts');
    await vscode.workspace.fs.writeFile(source, new TextEncoder().encode('export function add(x: number, y: number) {\n  return x + y;\n}\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(source);
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 2, 1);
      const testCode = "import { add } from './calc';\n\ndescribe('add', () => {\n  it('adds', () => {});\n});";
      sim.enqueue({ reply: `\`\`\`ts\n${testCode}\n\`\`\`` });
      const result = await vscode.commands.executeCommand<CodeCommandResult>(Commands.writeTests);
      assert.equal(result.status, 'proposed', JSON.stringify(result));
      if (result.status !== 'proposed') return;
      const tab = diffTabFor(result.proposalUri);
      assert.ok(tab);
      assert.equal((await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).original)).getText(), '');
      const sent = userText(chatRequests(sim)[0].body);
      assert.match(sent, /NEW file `[^`]*calc\.(test|spec)\.ts`/);
      assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: result.proposalId }), 'applied');
      const created = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(dir))).map(([n]) => n).find((n) => /^calc\.(test|spec)\.ts$/.test(n));
      const createdUri = created ? vscode.Uri.joinPath(dir, created) : undefined;
      const found = createdUri ?? (await vscode.workspace.findFiles('**/calc.{test,spec}.ts', '**/node_modules/**', 5))[0];
      assert.ok(found, 'the test file was created');
      assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(found)), `${testCode}\n`);
      await vscode.workspace.fs.delete(found);
    } finally {
      await closeAll();
      await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('Explain opens the chat with the code, its file, language and context, and the answer', async () => {
    const { sim, api } = session;
    const editor = await openWithSelection(ORIGINAL, 'javascript', SELECTED);
    sim.enqueue({ reply: 'It adds two numbers and returns the sum.' });
    // Resolves when the chat's answer has ended.
    const result = await vscode.commands.executeCommand<CodeCommandResult>(Commands.explainSelection);
    assert.equal(result.status, 'sent');

    const [request] = chatRequests(sim);
    assert.ok(request, 'the chat asked the model');
    assert.equal((request.body as { model: string }).model, api.services.models.currentId('code'));
    const sent = userText(request.body);
    assert.ok(sent.includes(SELECTED), 'the code');
    assert.ok(sent.includes('JavaScript'), 'the language');
    assert.ok(sent.includes('console.log(add(1, 2));') && sent.includes('// calculator'), 'the surrounding context');
    assert.ok(sent.includes(editor.document.uri.path.split('/').pop()!), 'the file name');
    assert.equal(sent.split(SELECTED).length - 1, 1, 'the code is sent once');

    // The chat view shows the exchange and can go on from there.
    const messages = api.chat.session.conversation.messages;
    const last = messages[messages.length - 1];
    assert.equal(last.role, 'assistant');
    assert.equal(textOf(last), 'It adds two numbers and returns the sum.');
    await waitFor(() => api.chat.view.visible, 10_000, 'the chat view to be visible');
  });
});

async function editWith(build: (e: vscode.WorkspaceEdit) => void): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  build(edit);
  return vscode.workspace.applyEdit(edit);
}
