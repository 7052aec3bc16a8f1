// The rooms of src/ (test/lint/rooms.mjs): every import of every file is resolved and checked,
// and planted violations show that both this test and ESLint's `local/rooms` rule can fail.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ESLint as ESLintClass } from 'eslint';

const ROOT = path.join(__dirname, '..', '..', '..');
const SRC = path.join(ROOT, 'src');

interface Rooms {
  roomOf(srcDir: string, file: string): string | undefined;
  roomViolation(srcDir: string, file: string, specifier: string): string | undefined;
  specifiers(source: string): string[];
}

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? listTs(p) : /\.ts$/.test(d.name) ? [p] : [];
  });
}

describe('layers: the rooms of src/', () => {
  let rooms: Rooms;
  before(async () => {
    rooms = (await import(pathToFileURL(path.join(ROOT, 'test', 'lint', 'rooms.mjs')).href)) as Rooms;
  });

  const violationsOf = (file: string, source: string) =>
    rooms.specifiers(source).flatMap((s) => {
      const why = rooms.roomViolation(SRC, file, s);
      return why ? [`${path.relative(ROOT, file)}: ${why}`] : [];
    });

  it('knows each room', () => {
    assert.equal(rooms.roomOf(SRC, path.join(SRC, 'core', 'media', 'mp4.ts')), 'core');
    assert.equal(rooms.roomOf(SRC, path.join(SRC, 'media', 'mediaFeature.ts')), 'feature:media');
    assert.equal(rooms.roomOf(SRC, path.join(SRC, 'platform', 'ids.ts')), 'platform');
    assert.equal(rooms.roomOf(SRC, path.join(SRC, 'extension.ts')), 'root');
  });

  it('sees planted violations (so the check below can fail)', () => {
    const feature = path.join(SRC, 'codeCommands', 'commands', 'x.ts');
    assert.equal(violationsOf(feature, "import type { ChatFeature } from '../../chat/chatFeature';").length, 1, 'a sideways import between features');
    assert.deepEqual(violationsOf(feature, "import { a } from '../commandContext';\nimport { b } from '../../platform/ids';\nimport { c } from '../../core/pricing';"), []);
    const core = path.join(SRC, 'core', 'conversation', 'x.ts');
    assert.equal(violationsOf(core, "import { a } from '../../media/mediaFeature';\nimport * as v from 'vscode';\nimport { b } from '../media/records';").length, 2);
    assert.equal(violationsOf(core, "export { x } from '../../platform/ids';").length, 1, 'core never imports the shared layer');
    const platform = path.join(SRC, 'platform', 'x.ts');
    assert.equal(violationsOf(platform, "import { ChatFeature } from '../chat/chatFeature';").length, 1, 'the shared layer never imports a feature');
    const webview = path.join(SRC, 'webview', 'x.ts');
    assert.equal(violationsOf(webview, "import { request } from 'undici';\nimport { a } from '../platform/ids';\nimport { b } from '../core/pricing';").length, 2);
    assert.deepEqual(violationsOf(path.join(SRC, 'extension.ts'), "import { ChatFeature } from './chat/chatFeature';"), []);
  });

  it('every file of src/ stays in its room', () => {
    const bad = listTs(SRC).flatMap((f) => violationsOf(f, fs.readFileSync(f, 'utf8')));
    assert.deepEqual(bad, []);
  });

  it("ESLint's rooms rule refuses a planted sideways import", async function () {
    this.timeout(60_000);
    const { ESLint } = (await import('eslint')) as { ESLint: typeof ESLintClass };
    const eslint = new ESLint({ cwd: ROOT });
    const [sideways] = await eslint.lintText("import type { ChatFeature } from '../chat/chatFeature';\nexport type X = ChatFeature;\n", { filePath: path.join(SRC, 'media', 'planted.ts') });
    assert.ok(sideways?.messages.some((m) => m.ruleId === 'local/rooms'), JSON.stringify(sideways?.messages));
    const [fine] = await eslint.lintText("import type { Services } from '../platform/services';\nexport type X = Services;\n", { filePath: path.join(SRC, 'media', 'planted.ts') });
    assert.deepEqual(fine?.messages.filter((m) => m.ruleId === 'local/rooms'), []);
  });
});
