// @-mentions in the real extension host, against the simulator: each kind (file, folder, symbol,
// problems, terminal, git changes, open editor) is listed by the picker, read into a chip and sent
// inline with the message; a secret file asks first and the API key never leaves; a message too
// large for the model is not sent and its words come back; a costly one asks first; regenerate reads
// a changed file again; files dropped on the view become chips; the view's refs are not trusted.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MentionPart } from '../../../src/core/conversation/parts';
import type { HostNotification, MentionCandidate } from '../../../src/core/protocol/chatProtocol';
import { Settings } from '../../../src/platform/ids';
import { nextAsk, answer as answerAsk, workspaceRoot } from '../agent/agentHelpers';
import { closeAllEditors, chatRequests, lastAnswer, setUserSetting, useSimulator, waitFor } from '../helpers';
import { textOf } from '../../../src/core/conversation/parts';

const DIR = 'mention-fixtures';

function write(rel: string, text: string): vscode.Uri {
  const file = path.join(workspaceRoot(), DIR, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

/** The user content of the last chat request, as text. */
function lastUserContent(sim: { requests: readonly { method: string; path: string; body: unknown }[] }): string {
  const content = chatRequests(sim.requests as never).at(-1)!.messages.at(-1)!.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

describe('chat: @-mentions (integration)', function () {
  this.timeout(90_000);
  const s = useSimulator();
  /** What the host posted to the webview during the test. */
  let posted: HostNotification[] = [];
  let restorePost: (() => void) | undefined;

  before(() => {
    fs.rmSync(path.join(workspaceRoot(), DIR), { recursive: true, force: true });
  });
  after(() => {
    fs.rmSync(path.join(workspaceRoot(), DIR), { recursive: true, force: true });
  });

  beforeEach(async () => {
    await s.api.chat.session.newConversation();
    s.api.chat.session.setModel({ profile: 'tokenhub', model: 'anthropic/claude-sonnet-4-6' });
    const view = s.api.chat.view;
    const original = view.post.bind(view);
    posted = [];
    view.post = (n: HostNotification) => {
      posted.push(n);
      original(n);
    };
    restorePost = () => {
      view.post = original;
    };
  });
  afterEach(async () => {
    restorePost?.();
    for (const p of s.api.chat.session.pendingAttachments) s.api.chat.session.removeAttachment(p.id);
    await closeAllEditors();
  });

  const candidates = async (query: string): Promise<MentionCandidate[]> => (await s.api.chat.mentions.candidates(query, 1)).items;
  /** Polls the picker until `pick` finds an entry (new files reach the index through the file watcher). */
  const candidate = (query: string, pick: (c: MentionCandidate) => boolean, what: string) =>
    waitFor(async () => (await candidates(query)).find(pick), 20_000, `the picker to list ${what} for "@${query}"`);
  const pendingMentions = () => s.api.chat.session.pendingItems.filter((i): i is MentionPart => 'type' in i);
  const notes = () => posted.filter((n): n is Extract<HostNotification, { type: 'note' }> => n.type === 'note').map((n) => n.text);

  it('file: the picker finds it fuzzily, the chip has its size, and the message carries its text', async () => {
    const uri = write('src/widgetFactory.ts', 'export function makeWidget() {\n  return 42;\n}\n');
    const c = await candidate('wdgtfct', (x) => x.kind === 'file' && x.ref === uri.toString(), 'widgetFactory.ts');
    assert.equal(c.label, 'widgetFactory.ts');
    assert.equal(c.detail, `${DIR}/src`);
    assert.ok(c.match && c.match.length === 7, 'the matched characters, to highlight');
    await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: c.ref });
    const chip = s.api.chat.session.pendingAttachments.at(-1)!;
    assert.equal(chip.kind, 'file');
    assert.equal(chip.label, 'widgetFactory.ts');
    assert.ok(chip.tokens && chip.tokens > 10);
    assert.ok(posted.some((n) => n.type === 'estimate' && n.estimate.baseTokens > chip.tokens!), 'the estimate counts the chip');
    s.sim.enqueue({ reply: 'It makes a widget.' });
    await s.api.chat.view.handleMessage({ type: 'send', text: 'What does this do?' });
    await waitFor(() => lastAnswer(s.api.chat.session.conversation).state === 'done', 20_000, 'the answer');
    const sent = lastUserContent(s.sim);
    assert.match(sent, new RegExp(`^File ${DIR}/src/widgetFactory\\.ts:\\n\`\`\`ts\\nexport function makeWidget`));
    assert.match(sent, /\n\nWhat does this do\?$/);
    const user = s.api.chat.session.conversation.messages[0]!;
    assert.equal(user.role, 'user');
    assert.deepEqual(user.parts.map((p) => p.type), ['mention', 'text'], 'stored with the message');
    assert.deepEqual(s.api.chat.session.pendingAttachments, []);
  });

  it('file: what .gitignore or files.exclude leaves out is never listed', async () => {
    const names = (list: MentionCandidate[]) => list.filter((c) => c.kind === 'file').map((c) => c.label);
    // One listing holds files written together: once the kept one is listed, the ignored one
    // would be too, were it not ignored.
    write('.gitignore', 'generated/\n');
    write('generated/ignoredBuildOutput.ts', 'export const out = 1;\n');
    write('src/keptSourceFile.ts', 'export const kept = 1;\n');
    await candidate('keptsourcefile', (x) => x.label === 'keptSourceFile.ts', 'keptSourceFile.ts');
    assert.deepEqual(names(await candidates('ignoredbuildoutput')), [], '.gitignore is honoured');
    const restore = await setUserSetting('files.exclude', { '**/*.excludedByUser.ts': true });
    try {
      write('src/hidden.excludedByUser.ts', 'export const hidden = 1;\n');
      write('src/keptAfterExclude.ts', 'export const kept = 2;\n');
      await candidate('keptafterexclude', (x) => x.label === 'keptAfterExclude.ts', 'keptAfterExclude.ts');
      assert.deepEqual(names(await candidates('hiddenexcludedbyuser')), [], 'files.exclude is honoured');
    } finally {
      await restore();
    }
  });

  it('folder: a listing and the files that fit; a secret file inside is listed, never read', async () => {
    write('pkg/index.ts', 'export * from "./util";\n');
    write('pkg/util.ts', 'export const util = "UTIL-CONTENT";\n');
    write('pkg/deep/inner.ts', 'export const inner = 1;\n');
    write('pkg/.env', 'PASSWORD=hunter2-folder\n');
    const c = await candidate('folder:pkg', (x) => x.kind === 'folder' && x.label === 'pkg/' && (x.detail ?? '') === DIR, 'the pkg folder');
    // The file watcher may not have seen every file yet: read until all four are listed.
    const part = await waitFor(async () => {
      const read = await s.api.services.mentions.read('folder', c.ref);
      return read.ok && read.part.text.includes('deep/inner.ts') && read.part.text.includes('.env') ? read.part : undefined;
    }, 20_000, 'the folder with its four files');
    assert.match(part.text, new RegExp(`^Folder ${DIR}/pkg/ \\(4 files`));
    assert.match(part.text, /UTIL-CONTENT/);
    assert.match(part.text, /export const inner = 1;/);
    assert.doesNotMatch(part.text, /hunter2-folder/, 'the secret file is not read into the folder');
    assert.equal(part.label, 'pkg/');
  });

  it('symbol: workspace symbols are listed with their kind; the mention is the symbol\'s lines', async () => {
    const uri = write('sym/shapes.mtest', 'header\nshape Circle {\n  radius\n}\nshape Square {\n  side\n}\n');
    const range = (line: number) => new vscode.Range(line, 0, line + 2, 1);
    const symbols = [
      new vscode.DocumentSymbol('Circle', '', vscode.SymbolKind.Class, range(1), new vscode.Range(1, 6, 1, 12)),
      new vscode.DocumentSymbol('Square', '', vscode.SymbolKind.Class, range(4), new vscode.Range(4, 6, 4, 12)),
    ];
    const regs = [
      vscode.languages.registerDocumentSymbolProvider({ pattern: '**/*.mtest' }, { provideDocumentSymbols: () => symbols }),
      vscode.languages.registerWorkspaceSymbolProvider({
        provideWorkspaceSymbols: (q) => symbols.filter((x) => x.name.toLowerCase().includes(q.toLowerCase())).map((x) => new vscode.SymbolInformation(x.name, x.kind, 'shapes', new vscode.Location(uri, x.range))),
      }),
    ];
    try {
      const c = await candidate('symbol:Squ', (x) => x.kind === 'symbol' && x.label === 'Square', 'Square');
      assert.equal(c.icon, 'symbol-class');
      assert.match(c.detail ?? '', /shapes\.mtest:5$/);
      await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'symbol', ref: c.ref });
      const part = pendingMentions().at(-1)!;
      assert.equal(part.kind, 'symbol');
      assert.deepEqual(part.range, { startLine: 4, endLine: 6 });
      assert.match(part.text, /^Symbol Square \(class\) in .*shapes\.mtest, lines 5-7:\n```\S*\nshape Square \{\n  side\n\}\n```$/);
      assert.doesNotMatch(part.text, /Circle/);
    } finally {
      for (const r of regs) r.dispose();
    }
  });

  it('problems: all of them, or the current file\'s, errors first', async () => {
    const a = write('probs/a.ts', 'x\n');
    const b = write('probs/b.ts', 'y\n');
    const diagnostics = vscode.languages.createDiagnosticCollection('mention-test');
    try {
      diagnostics.set(a, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'a warning here', vscode.DiagnosticSeverity.Warning), new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'an ERROR here', vscode.DiagnosticSeverity.Error)]);
      diagnostics.set(b, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'b is wrong', vscode.DiagnosticSeverity.Error)]);
      await vscode.window.showTextDocument(a);
      const listed = await candidates('problems');
      assert.deepEqual(listed.map((c) => c.ref), ['problems', `problems:${a.toString()}`]);
      const all = await s.api.services.mentions.read('problems', 'problems');
      assert.ok(all.ok);
      assert.match(all.part.text, /an ERROR here/);
      assert.match(all.part.text, /b is wrong/);
      assert.ok(all.part.text.indexOf('an ERROR here') < all.part.text.indexOf('a warning here'), 'errors first');
      const one = await s.api.services.mentions.read('problems', `problems:${a.toString()}`);
      assert.ok(one.ok);
      assert.match(one.part.text, /^Problems in mention-fixtures\/probs\/a\.ts \(2\):/);
      assert.doesNotMatch(one.part.text, /b is wrong/);
      diagnostics.clear();
      const none = await s.api.services.mentions.read('problems', `problems:${a.toString()}`);
      assert.equal(none.ok, false, 'nothing to mention: a note instead of an empty chip');
    } finally {
      diagnostics.dispose();
    }
  });

  it('terminal: the last command with its output and exit code (shell integration), and the selection where the host has it', async function () {
    // No shell arguments: VS Code injects its shell integration only into a shell started plainly.
    const terminal = vscode.window.createTerminal({ name: 'mention test', shellPath: '/bin/bash' });
    try {
      terminal.show();
      const integration = await waitFor(() => terminal.shellIntegration, 30_000, 'shell integration in bash').catch(() => undefined);
      if (!integration) this.skip(); // a host without it cannot report commands: the reader says so (next assertion in the else branch)
      // VS Code gives a command's output only to readers that were listening when it was written, and
      // the extension host learns of a command from the window a moment after it starts: a quick
      // command can be over before anyone listens. So the command waits for a line of input
      // (`read -s`, not echoed), which the test types only once the command's start has reached
      // this extension host (the reader's listener and the witness's, in the same event), so its
      // output is written after every reader listens. The witness reads the output too: where it
      // got it, the reader must have it.
      let last: ReturnType<typeof s.api.services.mentions.terminals.lastCommand>;
      let witnessed = false;
      for (let attempt = 1; attempt <= 3 && !last; attempt++) {
        let seen = '';
        let started = false;
        const witness = vscode.window.onDidStartTerminalShellExecution((e) => {
          if (e.terminal !== terminal) return;
          witness.dispose();
          started = true;
          void (async () => {
            for await (const data of e.execution.read()) seen += data;
          })();
        });
        integration.executeCommand(`read -rs _; echo MENTION-OUTPUT-$((40+2)); false # ${attempt}`);
        await waitFor(() => started, 20_000, 'the command to start').finally(() => witness.dispose());
        terminal.sendText('', true);
        const ended = await waitFor(() => {
          const l = s.api.services.mentions.terminals.lastCommand(terminal);
          return l && !l.running && l.commandLine.endsWith(`# ${attempt}`) ? l : undefined;
        }, 20_000, 'the command to finish').catch((e: Error) => {
          // What the reader had by then (running, no output…), for a failure on a busy host.
          throw new Error(`${e.message}; the reader had: ${JSON.stringify(s.api.services.mentions.terminals.lastCommand(terminal))}`);
        });
        const hostGaveIt = seen.includes('MENTION-OUTPUT-42');
        witnessed ||= hostGaveIt;
        if (ended.output.includes('MENTION-OUTPUT-42')) last = ended;
        else assert.equal(hostGaveIt, false, `VS Code delivered the output, the reader did not have it: ${JSON.stringify(ended)}`);
      }
      if (!last && !witnessed) this.skip(); // the host delivered no output to any extension three times
      assert.ok(last, 'the output of the command was read');
      assert.equal(last.exitCode, 1);
      const c = await candidate('terminal', (x) => x.ref === 'terminal:last', 'the last command');
      assert.match(c.detail ?? '', /MENTION-OUTPUT/);
      const read = await s.api.services.mentions.read('terminal', 'terminal:last');
      assert.ok(read.ok);
      assert.match(read.part.text, /\(exit code 1\)/);
      assert.match(read.part.text, /\$ read -rs _; echo MENTION-OUTPUT-\$\(\(40\+2\)\); false( # \d)?\nMENTION-OUTPUT-42/);
      assert.doesNotMatch(read.part.text, /\x1b|\]633;/, 'no escape sequences');
      if ('selection' in terminal) {
        await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
        await waitFor(() => s.api.services.mentions.terminals.selection(terminal)?.includes('MENTION-OUTPUT-42'), 10_000, 'the terminal selection');
        const sel = await s.api.services.mentions.read('terminal', 'terminal:selection');
        assert.ok(sel.ok);
        assert.match(sel.part.text, /MENTION-OUTPUT-42/);
      } else {
        const sel = await s.api.services.mentions.read('terminal', 'terminal:selection');
        assert.equal(sel.ok, false, 'this host cannot tell a terminal selection: the user is told to select text');
      }
    } finally {
      terminal.dispose();
    }
  });

  it('git changes: unstaged, staged and against a branch, through the built-in git extension', async function () {
    const root = path.join(workspaceRoot(), DIR, 'repo');
    fs.mkdirSync(root, { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=t@example.com', ...args], { cwd: root, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(root, 'tracked.txt'), 'line one\n');
    fs.writeFileSync(path.join(root, 'staged.txt'), 'old staged\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    git('checkout', '-q', '-b', 'feature');
    fs.writeFileSync(path.join(root, 'tracked.txt'), 'line one\nUNSTAGED-LINE\n');
    fs.writeFileSync(path.join(root, 'staged.txt'), 'STAGED-LINE\n');
    git('add', 'staged.txt');
    // The test hosts turn git off to stay quiet; the git extension starts when it is turned on.
    const restoreGit = await setUserSetting('git.enabled', true);
    const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): { openRepository(u: vscode.Uri): Promise<unknown>; repositories: { rootUri: vscode.Uri; status(): Promise<void>; state: { workingTreeChanges: unknown[]; indexChanges: unknown[] } }[] } }>('vscode.git');
    assert.ok(ext, 'the built-in git extension is there');
    const exports = ext.isActive ? ext.exports : await ext.activate();
    await waitFor(() => exports.enabled, 20_000, 'the git extension to start');
    const api = exports.getAPI(1);
    await api.openRepository(vscode.Uri.file(root));
    const repo = await waitFor(() => api.repositories.find((r) => r.rootUri.fsPath === root), 20_000, 'the repository to open');
    await waitFor(async () => {
      await repo.status();
      return repo.state.workingTreeChanges.length > 0 && repo.state.indexChanges.length > 0;
    }, 20_000, 'git to see the changes');
    const listed = (await candidates('git')).map((c) => c.ref);
    assert.ok(listed.includes('git:unstaged') && listed.includes('git:staged') && listed.includes('git:ref:main'), listed.join(', '));
    const unstaged = await s.api.services.mentions.read('git', 'git:unstaged');
    assert.ok(unstaged.ok);
    assert.match(unstaged.part.text, /^The unstaged changes \(git diff\):\n```diff\n/);
    assert.match(unstaged.part.text, /\+UNSTAGED-LINE/);
    assert.doesNotMatch(unstaged.part.text, /\+STAGED-LINE/);
    const staged = await s.api.services.mentions.read('git', 'git:staged');
    assert.ok(staged.ok);
    assert.match(staged.part.text, /\+STAGED-LINE/);
    assert.doesNotMatch(staged.part.text, /UNSTAGED-LINE/);
    const branch = await s.api.services.mentions.read('git', 'git:ref:main');
    assert.ok(branch.ok, branch.ok ? '' : branch.reason);
    assert.match(branch.part.text, /\+UNSTAGED-LINE/);
    assert.match(branch.part.text, /\+STAGED-LINE/);
    assert.equal(branch.part.label, 'Changes against main');
    const bad = await s.api.services.mentions.read('git', 'git:ref:--output=/var/x');
    assert.equal(bad.ok, false, 'a ref that reads as an option is refused');
    await restoreGit();
  });

  it('open editor: the editor\'s text with its unsaved changes', async () => {
    const uri = write('ed/open.ts', 'saved text\n');
    const editor = await vscode.window.showTextDocument(uri);
    try {
      await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'UNSAVED-EDIT\n'));
      const c = await candidate('editor:open', (x) => x.kind === 'editor' && x.ref === uri.toString(), 'the open editor');
      await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'editor', ref: c.ref });
      const part = pendingMentions().at(-1)!;
      assert.match(part.text, /open in the editor, with unsaved changes/);
      assert.match(part.text, /UNSAVED-EDIT/);
    } finally {
      // Unsaved changes would make closing the editors ask.
      await vscode.window.showTextDocument(uri);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('a secret file asks first: declined, no chip; accepted, a chip without the API key', async () => {
    const uri = write('.env', `TOKENHUB_API_KEY=${s.sim.apiKey}\nDB_PASSWORD=hunter2\n`);
    const c = await candidate('.env', (x) => x.ref === uri.toString(), '.env');
    assert.equal(c.sensitive, true);
    const adding = s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: c.ref });
    const ask = await nextAsk(s.api, 'attach .env?');
    assert.match(ask.params.title, /\.env/);
    await answerAsk(s.api, ask, 'cancel');
    await adding;
    assert.equal(pendingMentions().length, 0, 'declined: nothing attached');
    const again = s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: c.ref });
    await answerAsk(s.api, await nextAsk(s.api, 'attach .env? (again)'), 'attach');
    await again;
    const part = pendingMentions().at(-1)!;
    assert.match(part.text, /DB_PASSWORD=hunter2/);
    assert.equal(part.text.includes(s.sim.apiKey), false, 'the API key is never part of a mention');
    assert.match(part.text, /TOKENHUB_API_KEY=\[API key removed\]/);
  });

  it('a reference from the view is not trusted: files outside the workspace and bad refs are refused', async () => {
    for (const [kind, ref] of [
      ['file', 'file:///etc/passwd'],
      ['folder', 'file:///etc'],
      ['symbol', 'symbol:0:root:file:///etc/passwd'],
      ['problems', 'problems:not a uri'],
      ['terminal', 'terminal:everything'],
      ['git', 'git:ref:a..b'],
    ] as const) {
      await s.api.chat.view.handleMessage({ type: 'addMention', kind, ref });
    }
    assert.equal(pendingMentions().length, 0);
    assert.equal(notes().length, 6, 'each refusal is said');
  });

  it('a message too large for the model is not sent: its words come back, with the largest context named', async () => {
    s.api.chat.session.setModel({ profile: 'tokenhub', model: 'qwen/qwen-max' }); // a 32K window
    const big = write('big/huge.log', `${'log line with some words in it\n'.repeat(6000)}`);
    const small = write('big/small.ts', 'export const small = 1;\n');
    await s.api.chat.view.handleMessage({ type: 'dropUris', uris: [big.toString(), small.toString()] });
    assert.equal(pendingMentions().length, 2);
    const requests = chatRequests(s.sim.requests).length;
    await s.api.chat.view.handleMessage({ type: 'send', text: 'Summarise the log' });
    assert.equal(chatRequests(s.sim.requests).length, requests, 'nothing reached the gateway');
    assert.equal(s.api.chat.session.conversation.messages.length, 0, 'no message was added');
    assert.equal(pendingMentions().length, 2, 'the context is kept to be trimmed');
    const refused = posted.find((n): n is Extract<HostNotification, { type: 'sendRefused' }> => n.type === 'sendRefused');
    assert.ok(refused);
    assert.equal(refused.text, 'Summarise the log');
    assert.match(refused.reason, /Qwen Max/);
    assert.match(refused.reason, /huge\.log \(about [\d.]+k tokens\), small\.ts/);
    // Removing the big one lets it go.
    s.api.chat.session.removeAttachment(s.api.chat.session.pendingAttachments[0]!.id);
    s.sim.enqueue({ reply: 'Short.' });
    await s.api.chat.view.handleMessage({ type: 'send', text: 'Summarise the log' });
    await waitFor(() => chatRequests(s.sim.requests).length === requests + 1, 20_000, 'the smaller message to be sent');
  });

  it('a message whose input costs more than the set amount asks first; declined, it comes back', async () => {
    const restore = await setUserSetting(`${Settings.section}.${Settings.confirmPromptCostAbove}`, 0.000001);
    try {
      const requests = chatRequests(s.sim.requests).length;
      const sending = s.api.chat.view.handleMessage({ type: 'send', text: 'An expensive question' });
      const ask = await nextAsk(s.api, 'the cost question');
      assert.match(ask.params.title, /\$0\.0000/);
      assert.match(ask.params.body, /Claude Sonnet 4\.6 at \$3\/M/);
      await answerAsk(s.api, ask, 'cancel');
      await sending;
      assert.equal(chatRequests(s.sim.requests).length, requests);
      assert.ok(posted.some((n) => n.type === 'sendRefused' && n.text === 'An expensive question' && n.reason === ''));
      s.sim.enqueue({ reply: 'Worth it.' });
      const again = s.api.chat.view.handleMessage({ type: 'send', text: 'An expensive question' });
      await answerAsk(s.api, await nextAsk(s.api, 'the cost question, again'), 'send');
      await again;
      await waitFor(() => chatRequests(s.sim.requests).length === requests + 1, 20_000, 'the confirmed message');
      // A model without a price is never asked about.
      s.api.chat.session.setModel({ profile: 'tokenhub', model: 'someone/unpriced-model' });
      const before = chatRequests(s.sim.requests).length;
      await s.api.chat.view.handleMessage({ type: 'send', text: 'Unknown price' });
      await waitFor(() => chatRequests(s.sim.requests).length === before + 1, 20_000, 'the unpriced message, sent without a question');
    } finally {
      await restore();
    }
  });

  it('regenerate reads a changed file again and marks its chip; an unchanged one stays as it was', async () => {
    const changing = write('regen/changing.ts', 'export const version = "V1";\n');
    const steady = write('regen/steady.ts', 'export const steady = true;\n');
    await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: changing.toString() });
    await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: steady.toString() });
    s.sim.enqueue({ reply: 'It is V1.' });
    await s.api.chat.send({ text: 'Which version?' });
    assert.match(lastUserContent(s.sim), /"V1"/);
    fs.writeFileSync(changing.fsPath, 'export const version = "V2";\n');
    // A document VS Code holds open follows the disk once its file watcher reports the change.
    await waitFor(() => !vscode.workspace.textDocuments.some((d) => d.uri.fsPath === changing.fsPath && !d.getText().includes('V2')), 10_000, 'VS Code to see the change on disk');
    s.sim.enqueue({ reply: 'It is V2.' });
    posted = [];
    await s.api.chat.session.regenerate();
    const sent = lastUserContent(s.sim);
    assert.match(sent, /"V2"/);
    assert.doesNotMatch(sent, /"V1"/);
    const user = s.api.chat.session.conversation.messages[0]!;
    const [first, second] = user.parts.filter((p): p is MentionPart => p.type === 'mention');
    assert.ok(first!.rereadAt, 'the changed file is marked as read again');
    assert.equal(second!.rereadAt, undefined, 'the unchanged one is not');
    assert.ok(posted.some((n) => n.type === 'messageUpdated' && n.message.id === user.id), 'the view redraws the chips');
    assert.equal(textOf(lastAnswer(s.api.chat.session.conversation)), 'It is V2.');
    // The stored conversation keeps the re-read text.
    const stored = await s.api.chat.store.load(s.api.chat.session.conversation.id);
    const storedFirst = stored!.messages[0]!.parts.find((p): p is MentionPart => p.type === 'mention')!;
    assert.match(storedFirst.text, /"V2"/);
  });

  it('drag and drop: files and folders from the Explorer become chips (also as the browser names them); others are refused', async () => {
    const file = write('drop/dropped.ts', 'export const dropped = 1;\n');
    write('drop/sub/inner.ts', 'export const inner = 2;\n');
    const folder = vscode.Uri.file(path.join(workspaceRoot(), DIR, 'drop', 'sub'));
    const remoteForm = file.with({ scheme: 'vscode-remote', authority: '127.0.0.1:1234' }).toString();
    await s.api.chat.view.handleMessage({ type: 'dropUris', uris: [file.toString(), folder.toString(), 'file:///etc/hosts'] });
    assert.deepEqual(s.api.chat.session.pendingAttachments.map((p) => [p.kind, p.label]), [['file', 'dropped.ts'], ['folder', 'sub/']]);
    assert.equal(notes().length, 1, 'the file outside the workspace is refused, and the user told');
    s.api.chat.session.removeAttachment(s.api.chat.session.pendingAttachments[0]!.id);
    await s.api.chat.view.handleMessage({ type: 'dropUris', uris: [remoteForm] });
    assert.deepEqual(s.api.chat.session.pendingAttachments.map((p) => p.label), ['sub/', 'dropped.ts']);
  });

  it('agent mode: the task\'s first request carries the mentions', async () => {
    const uri = write('agent/notes.ts', 'export const AGENT_CONTEXT = "from a mention";\n');
    s.api.chat.session.setMode('agent');
    await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: uri.toString() });
    const before = chatRequests(s.sim.requests).length;
    await s.api.chat.view.handleMessage({ type: 'send', text: '[[agent:parallel]] look around' });
    const first = chatRequests(s.sim.requests)[before];
    assert.ok(first, 'the task asked the model');
    const user = first.messages.filter((m) => m.role === 'user').at(-1)!;
    assert.match(String(user.content), /AGENT_CONTEXT = "from a mention"[\s\S]*\[\[agent:parallel\]\] look around$/);
    s.api.chat.session.setMode('ask');
  });

  it('a chip opens what it refers to: the file, or the text that was sent', async () => {
    const uri = write('open/target.ts', 'export const target = 1;\n');
    await s.api.chat.view.handleMessage({ type: 'addMention', kind: 'file', ref: uri.toString() });
    const id = s.api.chat.session.pendingAttachments[0]!.id;
    await s.api.chat.view.handleMessage({ type: 'openPending', id });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), 10_000, 'the file to open');
    s.sim.enqueue({ reply: 'ok' });
    await s.api.chat.send({ text: 'look' });
    const user = s.api.chat.session.conversation.messages[0]!;
    await closeAllEditors();
    await s.api.chat.view.handleMessage({ type: 'openContext', messageId: user.id, index: 0 });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), 10_000, 'the file to open from history');
  });
});
