// @tokenhub in VS Code's chat takes VS Code's references (#file, #folder, a selection, text such
// as #terminalSelection) the way the sidebar chat takes @-mentions: read into the prompt without the
// API key; a secret file is left out and the user told; too large a prompt is refused, naming the
// largest reference. Runs the participant's handler as VS Code would call it, against the simulator.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NativeChatIds } from '../../../src/platform/ids';
import type { ParticipantStream } from '../../../src/nativeChat/chatParticipant';
import { workspaceRoot } from '../agent/agentHelpers';
import { chatRequests, useSimulator } from '../helpers';

const MODEL = 'anthropic/claude-sonnet-4-6';
const DIR = 'reference-fixtures';

class RecordingStream {
  readonly parts: string[] = [];
  markdown(value: string | vscode.MarkdownString): void {
    this.parts.push(typeof value === 'string' ? value : value.value);
  }
  progress(): void {}
  button(): void {}
  get text(): string {
    return this.parts.join('');
  }
}

function write(rel: string, text: string): vscode.Uri {
  const file = path.join(workspaceRoot(), DIR, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

const ref = (id: string, value: unknown, modelDescription?: string) => ({ id, value, ...(modelDescription ? { modelDescription } : {}) }) as vscode.ChatPromptReference;

describe('@tokenhub: VS Code\'s references as context (integration)', function () {
  this.timeout(60_000);
  const s = useSimulator();
  after(() => fs.rmSync(path.join(workspaceRoot(), DIR), { recursive: true, force: true }));

  async function ask(prompt: string, references: vscode.ChatPromptReference[], model = MODEL): Promise<{ stream: RecordingStream; sent: string | undefined; requests: number }> {
    const participant = s.api.nativeChat.participant;
    assert.ok(participant, 'the participant is registered');
    const before = chatRequests(s.sim.requests).length;
    const stream = new RecordingStream();
    await participant.handle({ prompt, command: undefined, references, model: { vendor: NativeChatIds.vendor, id: model } }, { history: [] }, stream as unknown as ParticipantStream, new vscode.CancellationTokenSource().token);
    const reqs = chatRequests(s.sim.requests);
    const last = reqs.length > before ? reqs.at(-1)!.messages.at(-1)!.content : undefined;
    return { stream, sent: typeof last === 'string' ? last : last === undefined ? undefined : JSON.stringify(last), requests: reqs.length - before };
  }

  it('#file, #folder, a selection and a text reference reach the model before the question', async () => {
    const file = write('lib/math.ts', 'export const add = (a: number, b: number) => a + b;\n');
    write('lib/strings.ts', 'export const upper = (s: string) => s.toUpperCase();\n');
    const lines = write('lines.ts', 'one\ntwo\nthree\nfour\n');
    s.sim.enqueue({ reply: 'Seen.' });
    const { sent } = await ask('What is here?', [
      ref('vscode.file', file),
      ref('vscode.folder', vscode.Uri.file(path.join(workspaceRoot(), DIR, 'lib'))),
      ref('vscode.selection', new vscode.Location(lines, new vscode.Range(1, 0, 3, 0))),
      ref('vscode.terminalSelection', `npm ERR! missing script\nkey ${s.sim.apiKey}`, 'The text selected in the terminal'),
    ]);
    assert.ok(sent);
    assert.match(sent, /^File reference-fixtures\/lib\/math\.ts:\n```ts\nexport const add/);
    assert.match(sent, /Folder reference-fixtures\/lib\/ \(2 files/);
    assert.match(sent, /upper = \(s: string\)/);
    assert.match(sent, /File reference-fixtures\/lines\.ts, lines 2-3:\n```\S*\ntwo\nthree\n```/);
    assert.match(sent, /The text selected in the terminal:\n```\nnpm ERR! missing script/);
    assert.equal(sent.includes(s.sim.apiKey), false, 'the API key never goes along');
    assert.match(sent, /\n\nWhat is here\?$/);
  });

  it('a secret file is left out, and the answer says so', async () => {
    const env = write('.env', 'SECRET_TOKEN=do-not-send\n');
    s.sim.enqueue({ reply: 'Fine.' });
    const { stream, sent } = await ask('Check my config', [ref('vscode.file', env)]);
    assert.ok(sent);
    assert.doesNotMatch(sent, /do-not-send/);
    assert.match(stream.text, /\.env was not sent/);
  });

  it('a prompt too large for the model is refused with the largest reference named, and nothing is sent', async () => {
    const big = write('big.log', 'a log line that repeats\n'.repeat(9000));
    const { stream, requests } = await ask('Summarise', [ref('vscode.file', big)], 'qwen/qwen-max');
    assert.equal(requests, 0);
    assert.match(stream.text, /too large for qwen\/qwen-max/);
    assert.match(stream.text, /big\.log \([\d.]+k\)/);
  });
});
