// The completion prompt, checked against golden files (test/core/completions/golden/*.prompt.txt)
// in TypeScript, Python, Go and a file with Chinese comments. A deliberate change of the prompt:
// run with TOKENHUB_UPDATE_GOLDEN=1 to rewrite them, and read the diff.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { completionMode, cursorWindow, linesOf } from '../../../src/core/completions/cursor';
import { buildCompletionPrompt, CLOSE_TAG, HOLE, holeMarker, MAX_TOKENS, redact } from '../../../src/core/completions/prompt';
import type { CompletionPromptInput } from '../../../src/core/completions/prompt';

const GOLDEN = path.join(__dirname, '..', '..', '..', '..', 'test', 'core', 'completions', 'golden');

/** The prompt input for a file with the cursor at `|`, through the same window the extension uses. */
function inputFor(file: string, languageId: string, filePath: string, extra: Partial<CompletionPromptInput> = {}): CompletionPromptInput {
  const at = file.indexOf('|');
  const text = file.slice(0, at) + file.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  const w = cursorWindow(linesOf(text), before.length - 1, before[before.length - 1].length);
  return { model: 'vendor/fast-model', languageId, path: filePath, prefix: w.prefix, suffix: w.suffix, imports: w.imports, mode: completionMode(w.prefix, w.suffix), ...extra };
}

function rendered(input: CompletionPromptInput): string {
  const { request } = buildCompletionPrompt(input);
  const head = `model: ${request.model}\nmax_tokens: ${request.max_tokens}\nstop: ${JSON.stringify(request.stop)}\n`;
  return head + request.messages.map((m) => `=== ${m.role} ===\n${m.content as string}`).join('\n') + '\n';
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, `${name}.prompt.txt`);
  if (process.env.TOKENHUB_UPDATE_GOLDEN === '1') {
    fs.mkdirSync(GOLDEN, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  assert.ok(fs.existsSync(file), `golden file ${file} exists (TOKENHUB_UPDATE_GOLDEN=1 writes it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `the prompt matches ${name}.prompt.txt`);
}

const LONG_TS = [
  "import { readFile } from 'node:fs/promises';",
  "import type { Config } from './config';",
  '',
  ...Array.from({ length: 400 }, (_, i) => `export const value${i} = ${i}; // filler line ${i}`),
  '',
  'export async function load(path: string): Promise<Config> {',
  "  const text = await readFile(path, 'utf8');",
  '  |',
  '}',
  '',
].join('\n');

describe('core/completions/prompt', () => {
  it('TypeScript: a block in a long file carries the imports, a bounded window and the snippets', () => {
    const input = inputFor(LONG_TS, 'typescript', 'src/load.ts', {
      snippets: [{ path: 'src/config.ts', text: 'export interface Config {\n  port: number;\n}' }],
    });
    assert.equal(input.mode, 'block');
    golden('typescript-block', rendered(input));
  });

  it('Python: one line in the middle of a line', () => {
    golden('python-line', rendered(inputFor('import math\n\ndef area(r):\n    return math.pi * |(r)\n', 'python', 'geometry/area.py')));
  });

  it('Go: a block after an opening brace', () => {
    golden('go-block', rendered(inputFor('package main\n\nimport (\n\t"fmt"\n)\n\nfunc main() {|\n', 'go', 'cmd/main.go')));
  });

  it('a file with Chinese comments', () => {
    golden('chinese-comments', rendered(inputFor('// 計算兩個數字的總和\nfunction 加總(a, b) {\n  // 回傳結果\n  |\n}\n', 'javascript', '工具/加總.js')));
  });

  it('asks for few tokens, and stops at the closing tag', () => {
    const line = buildCompletionPrompt(inputFor('x = |\n', 'python', 'a.py')).request;
    const block = buildCompletionPrompt(inputFor('def f():\n    |\n', 'python', 'a.py')).request;
    assert.equal(line.max_tokens, MAX_TOKENS.line);
    assert.equal(block.max_tokens, MAX_TOKENS.block);
    assert.ok(MAX_TOKENS.block <= 256 && MAX_TOKENS.line <= 64);
    assert.ok(Array.isArray(line.stop) && line.stop.includes(CLOSE_TAG));
  });

  it('never sends the API key, nor anything shaped like a TokenHub key', () => {
    const key = 'th-live-9f8e7d6c5b4a39281706';
    const other = 'th-abcdefghijklmnop1234';
    const input = inputFor(`const KEY = "${key}";\nconst B = "${other}";\nfetch(url, { headers: { Authorization: KEY } })|\n`, 'typescript', 'src/api.ts', {
      snippets: [{ path: 'src/env.ts', text: `export const k = '${key}';` }],
      secrets: [key],
    });
    const body = JSON.stringify(buildCompletionPrompt(input).request);
    assert.ok(!body.includes(key), 'the key is not in the request');
    assert.ok(!body.includes(other), 'a key-shaped string is not in the request');
    assert.ok(body.includes('[REDACTED]'));
    assert.equal(redact('no secrets here', [key]), 'no secrets here');
  });

  it('uses another hole marker when the file already contains it', () => {
    assert.equal(holeMarker('a', 'b'), HOLE);
    assert.equal(holeMarker(`x ${HOLE}`, 'b'), '{{FILL_HERE_2}}');
    const { hole, request } = buildCompletionPrompt(inputFor(`const t = "${HOLE}";\nconst u = |\n`, 'typescript', 'a.ts'));
    assert.equal(hole, '{{FILL_HERE_2}}');
    const user = request.messages[1].content as string;
    assert.equal(user.split(hole).length - 1, 2, 'the marker once in the file and once in the instruction');
  });
});
