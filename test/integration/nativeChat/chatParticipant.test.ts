// VS Code's own chat: the @tokenhub participant, whose API exists on every supported host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, NativeChatIds } from '../../../src/platform/ids';
import type { CodeCommandResult } from '../../../src/platform/codeTarget';
import type { ParticipantRequest, ParticipantStream } from '../../../src/nativeChat/chatParticipant';
import { getApi, setUserSetting, useSimulator, waitFor, withEditor } from '../helpers';
import { hasProviderApi, lastChatBody, MODEL, tokenhubModels } from './nativeChatHelpers';

/** A ChatResponseStream that records what the participant wrote. */
class RecordingStream {
  readonly markdownParts: string[] = [];
  readonly progressParts: string[] = [];
  readonly buttons: vscode.Command[] = [];
  markdown(value: string | vscode.MarkdownString): void {
    this.markdownParts.push(typeof value === 'string' ? value : value.value);
  }
  progress(value: string): void {
    this.progressParts.push(value);
  }
  button(command: vscode.Command): void {
    this.buttons.push(command);
  }
  get text(): string {
    return this.markdownParts.join('');
  }
}

function chatRequestCount(sim: { requests: readonly { path: string }[] }): number {
  return sim.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
}

/** The user message of the last chat request, as text. */
function lastUserText(sim: { requests: readonly { path: string; body: unknown }[] }): string {
  return String(lastChatBody(sim).messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');
}

/** The path a Write tests prompt names for the new file. */
function newTestFile(prompt: string): string {
  const m = /NEW file `([^`]+)`/.exec(prompt);
  assert.ok(m, `no new test file named in: ${prompt.slice(0, 300)}`);
  return m[1];
}

/** The problems a Fix prompt lists, one line each. */
function problemLines(prompt: string): string[] {
  return prompt.split('\n').filter((l) => /^- line \d+, (error|warning|information|hint)\b/.test(l));
}

async function closeAllEditors(): Promise<void> {
  // Reverts untitled documents instead of asking to save them.
  for (let i = 0; i < 10 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('native chat', function () {
  this.timeout(60_000);
  const env = useSimulator();

  before(async () => {
    // The catalogue from the simulator's /models (the provider offers what the catalogue holds).
    await env.api.services.models.refresh(true);
  });

  describe('@tokenhub participant', () => {
    it('is declared in the manifest with its slash commands, and registered', async () => {
      const api = await getApi();
      const ext = vscode.extensions.getExtension('tokenhub.tokenhub-vscode');
      const declared = (ext?.packageJSON?.contributes?.chatParticipants ?? []) as { id: string; commands?: { name: string }[] }[];
      const p = declared.find((d) => d.id === NativeChatIds.participant);
      assert.ok(p, 'chatParticipants contribution missing');
      assert.deepEqual(p.commands?.map((c) => c.name), ['explain', 'refactor', 'fix', 'doc', 'tests', 'image', 'video']);
      // createChatParticipant exists on both hosts (1.90+): the participant registers on both.
      assert.ok(api.nativeChat.participant, 'the participant should be registered');
    });

    it('answers /explain on the selection', async () => {
      const api = await getApi();
      const participant = api.nativeChat.participant;
      assert.ok(participant);
      const restore = await setUserSetting('tokenhub.chatModel', MODEL);
      try {
        const reply = 'This function adds two numbers and returns the sum.';
        env.sim.enqueue({ reply, chunkChars: 6 });
        const code = 'function add(a, b) {\n  return a + b;\n}';
        const stream = new RecordingStream();
        const result = await withEditor(`// header\n${code}\n// footer\n`, 'javascript', async (editor) => {
          editor.selection = new vscode.Selection(1, 0, 3, 1);
          assert.equal(editor.document.getText(editor.selection), code);
          return participant.handle({ prompt: '', command: 'explain', references: [] }, { history: [] }, stream as unknown as ParticipantStream, new vscode.CancellationTokenSource().token);
        });
        assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
        assert.equal(stream.text, reply);
        const body = lastChatBody(env.sim);
        assert.equal(body.model, MODEL);
        const user = body.messages.at(-1);
        assert.equal(user?.role, 'user');
        assert.ok(String(user?.content).includes(code), 'the selected code is in the prompt');
        // The selection's place in the file, as the editor command's prompt gives it (lines 2-4).
        assert.match(String(user?.content), /lines 2-4/);
        // Follow-ups offer the next steps on the same code.
        assert.deepEqual(participant.provideFollowups(result).map((f) => f.command), ['refactor', 'doc', 'tests']);
      } finally {
        await restore();
      }
    });

    it('answers /image with the saved image and a button to open it', async () => {
      const api = await getApi();
      const participant = api.nativeChat.participant;
      assert.ok(participant);
      const before = env.sim.requests.length;
      const stream = new RecordingStream();
      const result = await participant.handle({ prompt: 'a red fox in the snow', command: 'image', references: [] }, { history: [] }, stream as unknown as ParticipantStream, new vscode.CancellationTokenSource().token);
      assert.equal(result.errorDetails, undefined);
      const gen = env.sim.requests.slice(before).find((r) => r.path.endsWith('/images/generations'));
      assert.ok(gen, 'no image request reached the simulator');
      assert.equal((gen.body as { prompt: string }).prompt, 'a red fox in the snow');
      assert.match(stream.text, /!\[[^\]]*\]\(file:/, stream.text);
      const open = stream.buttons.find((b) => b.command === 'vscode.open');
      assert.ok(open, 'no button to open the image');
      const uri = open.arguments?.[0] as vscode.Uri;
      const stat = await vscode.workspace.fs.stat(uri);
      assert.ok(stat.size > 0);
      // The media feature opened it: close that tab, then remove the file.
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.toString() === uri.toString());
      if (tabs.length) await vscode.window.tabGroups.close(tabs);
      await vscode.workspace.fs.delete(uri);
    });

    it('answers /video once the task has finished, with a button to open the video', async () => {
      const api = await getApi();
      const participant = api.nativeChat.participant;
      assert.ok(participant);
      // Poll the simulator's task in milliseconds rather than seconds (as the media suite does).
      api.media.setPolling({ initialMs: 10, factor: 1.5, maxMs: 40 });
      const before = env.sim.requests.length;
      const stream = new RecordingStream();
      // A video costs dollars: the confirm step (a modal dialog) is answered here as a person would.
      const asked: string[] = [];
      const restoreConfirm = api.media.setConfirm(async (q) => (asked.push(q.detail), true));
      let result: Awaited<ReturnType<typeof participant.handle>>;
      try {
        result = await participant.handle({ prompt: 'a drone flight over green hills', command: 'video', references: [] }, { history: [] }, stream as unknown as ParticipantStream, new vscode.CancellationTokenSource().token);
      } finally {
        api.media.setConfirm(restoreConfirm);
      }
      assert.equal(result.errorDetails, undefined);
      assert.equal(asked.length, 1, 'asked once');
      assert.match(asked[0]!, /^Price: \$[\d.]+ \(5 s × \$[\d.]+ per second\)\.$/);
      const created = env.sim.requests.slice(before).find((r) => r.method === 'POST' && r.path.endsWith('/videos/generations'));
      assert.ok(created, 'no video task was created');
      assert.equal((created.body as { prompt: string }).prompt, 'a drone flight over green hills');
      const open = stream.buttons.find((b) => b.command === 'vscode.open');
      assert.ok(open, `no button to open the video; the answer was: ${stream.text}`);
      const uri = open.arguments?.[0] as vscode.Uri;
      assert.match(uri.path, /\.mp4$/);
      assert.ok((await vscode.workspace.fs.stat(uri)).size > 0);
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => (t.input as { uri?: vscode.Uri } | undefined)?.uri?.toString() === uri.toString());
      if (tabs.length) await vscode.window.tabGroups.close(tabs);
      await vscode.workspace.fs.delete(uri);
    });

    // /tests and /fix prepare their prompt as the editor commands Write Tests and Fix do, and both
    // paths refuse the same too-large selection (one estimate, one budget).
    describe('shares the code commands\' preparation', () => {
      const token = () => new vscode.CancellationTokenSource().token;
      // Files in a folder of the workspace, not untitled documents: a closed untitled document's
      // name is given to the next one while the old document may still be known by it.
      let dir: vscode.Uri;
      async function writeFile(name: string, content: string): Promise<vscode.Uri> {
        const uri = vscode.Uri.joinPath(dir, name);
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
        return uri;
      }
      beforeEach(() => {
        const ws = vscode.workspace.workspaceFolders?.[0];
        assert.ok(ws, 'the integration host opens a workspace folder');
        dir = vscode.Uri.joinPath(ws.uri, 'tokenhub-participant-it');
      });
      afterEach(async () => {
        for (const p of env.api.code.proposals.all) await env.api.code.proposals.discard(p);
        await closeAllEditors();
        await vscode.workspace.fs.delete(dir, { recursive: true }).then(undefined, () => undefined);
      });

      it('/tests never names a test file that exists, and names the one Write Tests proposes', async () => {
        const api = await getApi();
        const participant = api.nativeChat.participant;
        assert.ok(participant);
        const source = await writeFile('calc.ts', 'export function add(x: number, y: number) {\n  return x + y;\n}\n');
        // The file the plan would pick first is already there: it must be neither overwritten nor proposed again.
        const existingText = "import { add } from './calc';\n\ndescribe('add', () => {\n  it('adds', () => {});\n});\n";
        const existing = await writeFile('calc.test.ts', existingText);
        const restore = await setUserSetting('tokenhub.chatModel', MODEL);
        try {
          const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(source));
          const range = new vscode.Range(0, 0, 2, 1);
          editor.selection = new vscode.Selection(range.start, range.end);
          const reply = "```ts\nimport { add } from './calc';\n```";
          env.sim.enqueue({ reply });
          const stream = new RecordingStream();
          const result = await participant.handle({ prompt: '', command: 'tests', references: [] }, { history: [] }, stream as unknown as ParticipantStream, token());
          assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
          const chosen = newTestFile(lastUserText(env.sim));
          assert.notEqual(chosen, vscode.workspace.asRelativePath(existing, false), 'the existing test file was named as the new one');
          const root = vscode.workspace.getWorkspaceFolder(source)?.uri;
          assert.ok(root);
          await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(vscode.Uri.joinPath(root, chosen))), `${chosen} already exists`);

          // The editor command on the same selection proposes that very file.
          env.sim.enqueue({ reply });
          const proposed = await vscode.commands.executeCommand<CodeCommandResult>(Commands.writeTests, { uri: source, range });
          assert.equal(proposed.status, 'proposed', JSON.stringify(proposed));
          assert.equal(newTestFile(lastUserText(env.sim)), chosen);
          assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(existing)), existingText);
        } finally {
          await restore();
        }
      });

      it('/fix sends the problems as Fix does: errors first, at most 30', async () => {
        const api = await getApi();
        const participant = api.nativeChat.participant;
        assert.ok(participant);
        const body = Array.from({ length: 40 }, (_, i) => `  total += values[${i}];`);
        const content = ['function sum(values) {', '  let total = 0;', ...body, '  return total;', '}', ''].join('\n');
        const doc = await vscode.workspace.openTextDocument(await writeFile('sum.js', content));
        const editor = await vscode.window.showTextDocument(doc, { preview: false });
        const collection = vscode.languages.createDiagnosticCollection('tokenhub-participant-fix');
        const restore = await setUserSetting('tokenhub.chatModel', MODEL);
        try {
          // Hints on the first lines, errors on the last: the order of the list is not the order that matters.
          const order = [vscode.DiagnosticSeverity.Hint, vscode.DiagnosticSeverity.Information, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Error];
          collection.set(
            doc.uri,
            body.map((_, i) => new vscode.Diagnostic(new vscode.Range(i + 2, 2, i + 2, 7), `problem ${i}`, order[Math.floor(i / 10)])),
          );
          const range = new vscode.Range(0, 0, doc.lineCount - 1, 0);
          editor.selection = new vscode.Selection(range.start, range.end);
          const reply = '```js\nfunction sum(values) {\n  return values.reduce((a, b) => a + b, 0);\n}\n```';
          env.sim.enqueue({ reply });
          const stream = new RecordingStream();
          const result = await participant.handle({ prompt: '', command: 'fix', references: [] }, { history: [] }, stream as unknown as ParticipantStream, token());
          assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
          const sent = problemLines(lastUserText(env.sim));
          assert.equal(sent.length, 30, sent.join('\n'));
          assert.deepEqual(
            sent.map((l) => /^- line \d+, (\w+)/.exec(l)?.[1]),
            [...Array(10).fill('error'), ...Array(10).fill('warning'), ...Array(10).fill('information')],
          );
          // Within a severity, by line: the first error is the first problem of the last ten.
          assert.match(sent[0], /^- line 33, error: problem 30$/);

          // The editor command on the same selection sends the very same list.
          env.sim.enqueue({ reply });
          const fixed = await vscode.commands.executeCommand<CodeCommandResult>(Commands.fixSelection, { uri: doc.uri, range });
          assert.equal(fixed.status, 'proposed', JSON.stringify(fixed));
          assert.deepEqual(problemLines(lastUserText(env.sim)), sent);
        } finally {
          collection.dispose();
          await restore();
        }
      });

      it('refuses the selection Explain refuses, and sends nothing', async () => {
        const api = await getApi();
        const participant = api.nativeChat.participant;
        assert.ok(participant);
        const window = api.services.models.find(MODEL)?.contextWindow;
        assert.ok(window, `the catalogue knows ${MODEL}'s window`);
        // Plain ASCII code about 5% over the window at 3.5 characters a token. The model is
        // named in both requests, not taken from the settings.
        const line = '  "0123456789abcdef0123456789abcdef0123456789abcdef",\n';
        const content = `const data = [\n${line.repeat(Math.ceil((window * 3.5 * 1.05) / line.length))}];\n`;
        const doc = await vscode.workspace.openTextDocument(await writeFile('data.js', content));
        assert.equal(doc.getText().length, content.length);
        const range = new vscode.Range(0, 0, doc.lineCount - 1, 0);
        const before = chatRequestCount(env.sim);

        const viaCommand = await vscode.commands.executeCommand<CodeCommandResult>(Commands.explainSelection, { uri: doc.uri, range, model: MODEL });
        assert.equal(viaCommand.status, 'tooLarge', JSON.stringify(viaCommand));

        const stream = new RecordingStream();
        const request: ParticipantRequest = {
          prompt: '',
          command: 'explain',
          references: [{ id: 'vscode.selection', value: new vscode.Location(doc.uri, range) } as vscode.ChatPromptReference],
          model: { vendor: NativeChatIds.vendor, id: MODEL },
        };
        const result = await participant.handle(request, { history: [] }, stream as unknown as ParticipantStream, token());
        assert.equal(result.errorDetails, undefined, result.errorDetails?.message);
        assert.match(stream.text, /too large/i);
        assert.equal(chatRequestCount(env.sim), before, 'a request was sent for a selection the Explain command refuses');
      });
    });

    if (hasProviderApi()) {
      it('answers with the TokenHub model picked in the chat', async () => {
        const api = await getApi();
        const participant = api.nativeChat.participant;
        assert.ok(participant);
        const picked = await waitFor(async () => (await tokenhubModels()).find((m) => m.id === 'openai/gpt-4.1'), 15_000, 'gpt-4.1 in vscode.lm');
        env.sim.enqueue({ reply: 'Picked model answer.' });
        const stream = new RecordingStream();
        await participant.handle({ prompt: 'Hello there', command: undefined, references: [], model: picked }, { history: [] }, stream as unknown as ParticipantStream, new vscode.CancellationTokenSource().token);
        assert.equal(stream.text, 'Picked model answer.');
        assert.equal(lastChatBody(env.sim).model, 'openai/gpt-4.1');
      });
    }
  });
});
