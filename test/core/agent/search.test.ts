import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findArgs, formatSearch, parseSearchLine, searchArgs } from '../../../src/core/agent/search';
import { firstExecutable, ripgrepCandidates, runRipgrep } from '../../../src/core/agent/ripgrepRun';
import { isSecretFile } from '../../../src/core/safety/sensitiveFiles';

const rg = firstExecutable(ripgrepCandidates('/nonexistent', process.env.PATH, process.platform));

describe('core/agent/search: text search and file find through ripgrep', () => {
  it('searches literally and case-insensitively unless asked otherwise, never in .git', () => {
    const literal = searchArgs({ query: 'a.b(' }, []);
    assert.ok(literal.includes('--fixed-strings') && literal.includes('--ignore-case'));
    assert.deepEqual(literal.slice(-3), ['--', 'a.b(', '.'], 'the query can never be read as an option');
    const regex = searchArgs({ query: 'a.b', isRegex: true, caseSensitive: true, glob: 'src/**' }, ['!dist/**']);
    assert.ok(!regex.includes('--fixed-strings') && regex.includes('--case-sensitive'));
    assert.ok(regex.join(' ').includes('--glob !.git') && regex.join(' ').includes('--glob !dist/**') && regex.join(' ').includes('--glob src/**'));
    assert.ok(findArgs('**/*.ts', ['!out/**']).join(' ').includes('--glob !out/**'));
  });

  it('reads ripgrep lines back, and says when the result was capped', () => {
    assert.deepEqual(parseSearchLine('src/a.ts:12:  const x = 1;'), { path: 'src/a.ts', line: 12, text: 'const x = 1;' });
    assert.deepEqual(parseSearchLine('./b\\c.ts:3:x:y'), { path: 'b/c.ts', line: 3, text: 'x:y' });
    assert.equal(parseSearchLine('no match line'), undefined);
    assert.equal(formatSearch({ query: 'x' }, [], false, 100), 'No matches for "x".');
    assert.equal(formatSearch({ query: 'x' }, [{ path: 'a', line: 1, text: 't' }], true, 1), '1+ match(es) (capped at 1; narrow the search):\na:1: t');
  });

  it('never lists or searches the files that hold secrets (the same list as isSecretFile)', async function () {
    if (!rg) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-search-'));
    try {
      const files = ['src/app.ts', 'src/credentials/index.ts', '.env', 'config/.env.local', 'keys/server.pem', 'id_ed25519', '.npmrc', 'deploy/credentials.json', 'secrets.yaml', '.aws/config', 'README.md', '.github/workflows/ci.yml'];
      for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), 'NEEDLE\n');
      }
      const listed = (await runRipgrep(rg!, findArgs('**', []), dir, 100, new AbortController().signal)).lines.map((l) => l.replace(/\\/g, '/')).sort();
      assert.deepEqual(listed, files.filter((f) => !isSecretFile(f)).sort());
      const found = (await runRipgrep(rg!, searchArgs({ query: 'needle' }, []), dir, 100, new AbortController().signal)).lines.map((l) => parseSearchLine(l)!.path).sort();
      assert.deepEqual(found, files.filter((f) => !isSecretFile(f)).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops ripgrep at the cap', async function () {
    if (!rg) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'th-search-'));
    try {
      fs.writeFileSync(path.join(dir, 'many.txt'), 'hit\n'.repeat(10_000));
      const run = await runRipgrep(rg!, searchArgs({ query: 'hit' }, []), dir, 50, new AbortController().signal);
      assert.equal(run.lines.length, 50);
      assert.equal(run.capped, true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
