// Where Explain Selection and Ask About Selection go, in the real extension host against the
// simulator: a question about the file the open conversation is about joins it; one about another
// file starts a new conversation (the old one stays in History); the setting can say always new
// or always the open one.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CodeCommandResult } from '../../../src/platform/codeTarget';
import { Commands, Settings } from '../../../src/platform/ids';
import { textOf } from '../../../src/core/conversation/parts';
import { chatRequests, setUserSetting, useSimulator } from '../helpers';

async function select(content: string, language: string, selected: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const start = content.indexOf(selected);
  editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(start + selected.length));
  return editor;
}

async function closeAll(): Promise<void> {
  for (let i = 0; i < 10 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

const A = 'function add(x, y) {\n  return x + y;\n}\n\nfunction sub(x, y) {\n  return x - y;\n}\n';
const B = 'def mul(x, y):\n    return x * y\n';

describe('code commands: which conversation Explain and Ask go to', function () {
  this.timeout(60_000);
  const s = useSimulator();

  beforeEach(async () => {
    await s.api.chat.session.newConversation();
  });
  afterEach(closeAll);

  async function explain(): Promise<void> {
    s.sim.enqueue({ reply: 'An explanation.' });
    const r = await vscode.commands.executeCommand<CodeCommandResult>(Commands.explainSelection);
    assert.equal(r.status, 'sent');
  }

  it('a second question about the same file joins the open conversation, with its history sent', async () => {
    const editor = await select(A, 'javascript', 'function add(x, y) {\n  return x + y;\n}');
    await explain();
    const conv = s.api.chat.session.conversation;
    editor.selection = new vscode.Selection(4, 0, 6, 1);
    await explain();
    assert.equal(s.api.chat.session.conversation, conv, 'the same conversation');
    assert.equal(conv.messages.length, 4);
    assert.equal(chatRequests(s.sim.requests).at(-1)!.messages.filter((m) => m.role === 'user').length, 2, 'the model sees the first question too');
    s.sim.enqueue({ reply: 'An answer.' });
    const r = await vscode.commands.executeCommand<CodeCommandResult>(Commands.askSelection, { instruction: 'Is sub tested?' });
    assert.equal(r.status, 'sent');
    assert.equal(s.api.chat.session.conversation, conv, 'Ask About Selection joins it too');
  });

  it('a question about another file starts a new conversation; the open one is kept in History', async () => {
    await select(A, 'javascript', 'function add(x, y) {\n  return x + y;\n}');
    await explain();
    const first = s.api.chat.session.conversation;
    await select(B, 'python', 'def mul(x, y):\n    return x * y');
    await explain();
    const second = s.api.chat.session.conversation;
    assert.notEqual(second.id, first.id);
    assert.equal(second.messages.length, 2);
    assert.equal(chatRequests(s.sim.requests).at(-1)!.messages.filter((m) => m.role === 'user').length, 1, 'nothing of the other file\'s conversation is sent');
    const stored = await s.api.chat.store.load(first.id);
    assert.equal(stored?.messages.length, 2, 'the earlier conversation is stored');
  });

  it('a question in an empty conversation, or one about an attached file, goes there', async () => {
    const editor = await select(A, 'javascript', 'function add(x, y) {\n  return x + y;\n}');
    // The user attached the file and asked about it in the chat first.
    s.api.chat.session.addAttachment({ kind: 'file', uri: editor.document.uri.toString(), languageId: 'javascript', text: A });
    s.sim.enqueue({ reply: 'Seen.' });
    await s.api.chat.send({ text: 'What is in this file?' });
    const conv = s.api.chat.session.conversation;
    await explain();
    assert.equal(s.api.chat.session.conversation, conv);
    assert.deepEqual(conv.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });

  it('the setting: "new" always starts a new conversation, "current" always adds to the open one', async () => {
    const key = `${Settings.section}.${Settings.codeQuestionConversation}`;
    const restore = await setUserSetting(key, 'new');
    try {
      await select(A, 'javascript', 'function add(x, y) {\n  return x + y;\n}');
      await explain();
      const first = s.api.chat.session.conversation;
      await explain();
      assert.notEqual(s.api.chat.session.conversation.id, first.id, 'new: same file, still a new one');
      await setUserSetting(key, 'current');
      const open = s.api.chat.session.conversation;
      await select(B, 'python', 'def mul(x, y):\n    return x * y');
      await explain();
      assert.equal(s.api.chat.session.conversation, open, 'current: another file, still the open one');
      assert.deepEqual(open.messages.map((m) => textOf(m)).filter((t) => t === 'An explanation.').length, 2);
    } finally {
      await restore();
    }
  });
});
