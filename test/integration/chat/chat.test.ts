// The sidebar chat in the real extension host, against the simulator: an answer streams
// into the conversation and onto disk, stop keeps what was shown, errors are inline and Retry
// works, attachments and images reach the request, history/export, and the host drops invalid
// webview messages.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, Settings, StorageKeys } from '../../../src/platform/ids';
import type { Conversation } from '../../../src/core/conversation/conversation';
import { replayJournal } from '../../../src/core/conversation/journal';
import { chatRequests, lastAnswer, setUserSetting, usageSince, useSimulator, waitFor, withEditor } from '../helpers';
import { textOf } from '../../../src/core/conversation/parts';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('chat view (integration)', function () {
  this.timeout(60_000);
  const s = useSimulator();

  beforeEach(async () => {
    await s.api.chat.session.newConversation();
  });

  it('streams an answer into the conversation, with model, usage and cost, records it, and stores it on disk', async () => {
    const restore = [
      await setUserSetting(`${Settings.section}.${Settings.systemPrompt}`, 'Answer briefly.'),
      await setUserSetting(`${Settings.section}.${Settings.temperature}`, 0.3),
      await setUserSetting(`${Settings.section}.${Settings.maxTokens}`, 256),
    ];
    try {
      const before = s.api.services.usage.total.requests;
      s.sim.enqueue({ reply: 'Hello **there**.\n\n```js\nconsole.log(1);\n```', usage: { prompt_tokens: 12, completion_tokens: 7, cost: 0.00042 }, chunkChars: 3 });
      await s.api.chat.send({ text: 'Say hello' });
      const conv = s.api.chat.session.conversation;
      const a = lastAnswer(conv);
      assert.equal(a.state, 'done');
      assert.equal(textOf(a), 'Hello **there**.\n\n```js\nconsole.log(1);\n```');
      assert.deepEqual(a.usage, { promptTokens: 12, completionTokens: 7 });
      assert.equal(a.cost, 0.00042);
      assert.equal(a.model, conv.model);
      assert.equal(conv.title, 'Say hello');
      const req = chatRequests(s.sim.requests).at(-1)!;
      assert.deepEqual(req.messages[0], { role: 'system', content: 'Answer briefly.' });
      assert.deepEqual(req.messages[1], { role: 'user', content: 'Say hello' });
      assert.equal(req.temperature, 0.3);
      assert.equal(req.max_tokens, 256);
      const rec = usageSince(s.api.services.usage, before).find((r) => r.source === 'chat');
      assert.ok(rec, 'the answer is in the usage ledger');
      assert.equal(rec.cost, 0.00042);
      assert.equal(rec.promptTokens, 12);
      const file = path.join(s.api.chat.store.dir, `${conv.id}.json`);
      const stored = await waitFor(() => {
        const c = replayJournal(fs.readFileSync(file, 'utf8'))?.data as unknown as Conversation;
        return lastAnswer(c).state === 'done' ? c : undefined;
      }, 5000, 'the finished answer on disk');
      assert.equal(textOf(lastAnswer(stored)), textOf(a));
      assert.deepEqual(fs.readdirSync(s.api.chat.store.dir).filter((f) => f.endsWith('.tmp')), []);
      assert.equal(s.api.services.context.globalState.get(StorageKeys.currentConversation), conv.id);
    } finally {
      for (const r of restore) await r();
    }
  });

  it('writes the answer to disk while it streams, and stop keeps what was shown, marked as cut off', async () => {
    const reply = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    s.sim.enqueue({ reply, chunkChars: 6, delayMs: 20 });
    const done = s.api.chat.send({ text: 'Write a lot' });
    const conv = s.api.chat.session.conversation;
    const file = path.join(s.api.chat.store.dir, `${conv.id}.json`);
    await waitFor(() => {
      try {
        const c = replayJournal(fs.readFileSync(file, 'utf8'))?.data as unknown as Conversation;
        const m = c.messages[c.messages.length - 1];
        return m?.role === 'assistant' && m.state === 'streaming' && textOf(m).length > 20;
      } catch {
        return false;
      }
    }, 10_000, 'part of the streaming answer on disk');
    assert.equal(s.api.chat.session.isStreaming, true);
    await vscode.commands.executeCommand(Commands.stopChat);
    await done;
    const a = lastAnswer(conv);
    assert.equal(a.state, 'cut');
    assert.ok(textOf(a).length > 20 && textOf(a).length < reply.length, `partial text kept (${textOf(a).length} chars)`);
    assert.ok(reply.startsWith(textOf(a)));
    assert.equal(s.api.chat.session.isStreaming, false);
    const stored = await waitFor(() => {
      const c = replayJournal(fs.readFileSync(file, 'utf8'))?.data as unknown as Conversation;
      return lastAnswer(c).state === 'cut' ? c : undefined;
    }, 5000, 'the cut answer on disk');
    assert.equal(textOf(lastAnswer(stored)), textOf(a));
  });

  it('shows a server error inline with actions; Retry replaces it with an answer', async () => {
    s.sim.enqueue({ status: 500, body: { error: { message: 'upstream exploded', type: 'server_error' } }, times: 10 });
    await s.api.chat.send({ text: 'Fail please' });
    const conv = s.api.chat.session.conversation;
    const failed = lastAnswer(conv);
    assert.equal(failed.state, 'error');
    assert.ok(failed.error && failed.error.message.length > 0);
    s.sim.reset(); // the client retried the 500s; drop the scripted failures that are left
    s.sim.enqueue({ reply: 'Recovered.', usage: { prompt_tokens: 1, completion_tokens: 1 } });
    await s.api.chat.session.retry(failed.id);
    const a = lastAnswer(conv);
    assert.notEqual(a.id, failed.id);
    assert.equal(conv.messages.filter((m) => m.role === 'assistant').length, 1, 'the failed answer was replaced');
    assert.equal(a.state, 'done');
    assert.equal(textOf(a), 'Recovered.');
  });

  it('keeps a partial answer when the stream is cut, marked as an error', async () => {
    s.sim.enqueue({ reply: 'one two three four five six seven', fault: 'cut', afterEvents: 3 });
    await s.api.chat.send({ text: 'Cut me off' });
    const a = lastAnswer(s.api.chat.session.conversation);
    assert.equal(a.state, 'error');
    assert.ok(textOf(a).length > 0, 'the partial text stays');
  });

  it('attaches the selection and an image; they reach the request (text inline, image as an image_url data URI)', async () => {
    await withEditor('const answer = 42;\nconsole.log(answer);\n', 'javascript', async (editor) => {
      editor.selection = new vscode.Selection(0, 0, 0, 18);
      await vscode.commands.executeCommand(Commands.attachSelection);
      assert.deepEqual(s.api.chat.session.pendingAttachments.map((p) => p.kind), ['selection']);
      await s.api.chat.view.handleMessage({ type: 'addImage', name: 'pixel.png', mimeType: 'image/png', dataUri: PNG });
      assert.deepEqual(s.api.chat.session.pendingAttachments.map((p) => p.kind), ['selection', 'image']);
      s.sim.enqueue({ reply: 'I see it.' });
      await s.api.chat.send({ text: 'What is this?' });
      const content = chatRequests(s.sim.requests).at(-1)!.messages.at(-1)!.content;
      assert.ok(Array.isArray(content));
      assert.equal(content[0]!.type, 'text');
      assert.match((content[0] as { text: string }).text, /const answer = 42;[\s\S]*What is this\?$/);
      assert.deepEqual(content[1], { type: 'image_url', image_url: { url: PNG } });
      assert.deepEqual(s.api.chat.session.pendingAttachments, []);
    });
  });

  it('drops invalid messages from the webview and never acts on them', async () => {
    const before = s.api.chat.view.rejected;
    const requests = s.sim.requests.length;
    for (const m of [
      null,
      'send',
      { type: 'send' },
      { type: 'send', text: 'x', extra: 1 },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'addImage', name: 'x', mimeType: 'image/png', dataUri: 'https://evil.test/x.png' },
      { type: 'request', id: 1, method: 'readFile', params: { path: '/etc/passwd' } },
    ]) {
      await s.api.chat.view.handleMessage(m);
    }
    assert.equal(s.api.chat.view.rejected - before, 7);
    assert.equal(s.sim.requests.length, requests);
    assert.deepEqual(s.api.chat.session.pendingAttachments, []);
  });

  it('edit and resend replaces the later messages; regenerate replaces the last answer', async () => {
    s.sim.enqueue({ reply: 'first answer' });
    await s.api.chat.send({ text: 'first question' });
    s.sim.enqueue({ reply: 'second answer' });
    await s.api.chat.send({ text: 'second question' });
    const conv = s.api.chat.session.conversation;
    const firstUser = conv.messages[0]!;
    s.sim.enqueue({ reply: 'edited answer' });
    await s.api.chat.session.editResend(firstUser.id, 'edited question');
    assert.deepEqual(conv.messages.map((m) => textOf(m)), ['edited question', 'edited answer']);
    s.sim.enqueue({ reply: 'regenerated answer' });
    await s.api.chat.session.regenerate();
    assert.deepEqual(conv.messages.map((m) => textOf(m)), ['edited question', 'regenerated answer']);
    const req = chatRequests(s.sim.requests).at(-1)!;
    assert.deepEqual(req.messages.map((m) => m.content), ['edited question']);
  });

  it('runs registered slash commands instead of the model', async () => {
    const requests = s.sim.requests.length;
    const reg = s.api.services.chat.registerSlashCommand('echo', {
      description: 'Echoes',
      run: async (args, progress) => {
        progress('working…');
        return { markdown: `echo: ${args}` };
      },
    });
    try {
      await s.api.chat.send({ text: '/echo hi there' });
      const a = lastAnswer(s.api.chat.session.conversation);
      assert.equal(textOf(a), 'echo: hi there');
      assert.equal(a.state, 'done');
      assert.equal(s.sim.requests.length, requests);
    } finally {
      reg.dispose();
    }
  });

  it('history: past conversations are listed, reopened, exported to Markdown and deleted', async () => {
    s.sim.enqueue({ reply: 'An answer about history.' });
    await s.api.chat.send({ text: 'History test question' });
    const id = s.api.chat.session.conversation.id;
    await vscode.commands.executeCommand(Commands.newChat);
    assert.notEqual(s.api.chat.session.conversation.id, id);
    const list = await s.api.chat.store.list();
    const item = list.find((c) => c.id === id);
    assert.ok(item, 'listed');
    assert.equal(item.title, 'History test question');
    const conv = await s.api.chat.store.load(id);
    assert.ok(conv);
    await s.api.chat.session.open(conv);
    assert.equal(s.api.chat.session.conversation.id, id);
    const target = vscode.Uri.file(path.join(os.tmpdir(), `tokenhub-export-${Date.now()}.md`));
    await s.api.chat.exportChat(conv, target);
    const md = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(md, /^# History test question/);
    assert.match(md, /An answer about history\./);
    fs.rmSync(target.fsPath, { force: true });
    await s.api.chat.store.delete(id);
    assert.equal((await s.api.chat.store.list()).some((c) => c.id === id), false);
  });

  it('a conversation interrupted mid-answer is restored with what was shown, marked as cut off', async () => {
    const conv = s.api.chat.session.conversation;
    conv.messages.push({ id: 'u-restore', role: 'user', parts: [{ type: 'text', text: 'q' }], createdAt: 1 });
    conv.messages.push({ id: 'a-restore', role: 'assistant', parts: [{ type: 'text', text: 'shown before the crash' }], model: 'm', state: 'streaming', createdAt: 2 });
    await s.api.chat.store.save(conv);
    await s.api.chat.session.pointer.set(conv.id);
    await s.api.chat.session.restore();
    const a = lastAnswer(s.api.chat.session.conversation);
    assert.equal(textOf(a), 'shown before the crash');
    assert.equal(a.state, 'cut');
  });

  it('inserts a code block at the cursor of the last editor', async () => {
    await withEditor('before\n\nafter\n', 'plaintext', async (editor) => {
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      const ok = await s.api.chat.codeActions.run('insert', 'INSERTED', 'text');
      assert.equal(ok, true);
      assert.equal(editor.document.getText(), 'before\nINSERTED\nafter\n');
    });
  });

  it('applies a code block as a reviewed proposal: nothing changes before Apply, then one undo restores the original', async () => {
    await withEditor('keep\nold line\nkeep\n', 'plaintext', async (editor) => {
      editor.selection = new vscode.Selection(1, 0, 1, 8);
      const before = s.api.code.proposals.all.length;
      assert.equal(await s.api.chat.codeActions.run('apply', 'new line', 'text'), true);
      const proposal = s.api.code.proposals.all[before];
      assert.ok(proposal, 'a proposal diff was opened');
      assert.equal(proposal.state, 'ready');
      assert.equal(editor.document.getText(), 'keep\nold line\nkeep\n', 'the document is untouched while the diff is reviewed');
      assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: proposal.id }), 'applied');
      assert.equal(editor.document.getText(), 'keep\nnew line\nkeep\n');
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('undo');
      assert.equal(editor.document.getText(), 'keep\nold line\nkeep\n', 'one undo step');
    });
  });
});
