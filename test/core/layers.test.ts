// The layers, checked by resolving every import (ESLint's path patterns cannot tell
// `src/core/media` from `src/media`): src/core imports only src/core and packages other than
// `vscode`; the webview bundle imports only itself, src/core, and packages other than `vscode`
// and `undici` (it has no network).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? listTs(p) : /\.ts$/.test(d.name) ? [p] : [];
  });
}

/** Every module specifier of a file: `import … from`, `export … from`, `import()`, `require()`. */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[2]);
  return out;
}

/** The imports of `file` that leave `allowedDirs` or name a forbidden package. */
export function violations(file: string, source: string, allowedDirs: string[], forbiddenPackages: string[]): string[] {
  return specifiers(source).filter((spec) => {
    if (spec.startsWith('.')) {
      const target = path.resolve(path.dirname(file), spec);
      return !allowedDirs.some((d) => target === d || target.startsWith(d + path.sep));
    }
    const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
    return forbiddenPackages.includes(pkg);
  });
}

describe('layers', () => {
  const core = path.join(ROOT, 'src', 'core');
  const webview = path.join(ROOT, 'src', 'webview');

  it('the checker sees a violation (so the checks below can fail)', () => {
    const file = path.join(core, 'conversation', 'x.ts');
    assert.deepEqual(violations(file, "import { a } from '../../chat/chatFeature';\nimport * as v from 'vscode';\nimport { b } from '../media/records';", [core], ['vscode']), ['../../chat/chatFeature', 'vscode']);
    assert.deepEqual(violations(path.join(core, 'pricing.ts'), "export { x } from '../media/mediaFeature';", [core], []), ['../media/mediaFeature']);
  });

  it('src/core imports nothing outside src/core, and never vscode', () => {
    const bad = listTs(core).flatMap((f) => violations(f, fs.readFileSync(f, 'utf8'), [core], ['vscode']).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    assert.deepEqual(bad, []);
  });

  it('the webview imports only itself and src/core, never vscode or undici', () => {
    const bad = listTs(webview).flatMap((f) => violations(f, fs.readFileSync(f, 'utf8'), [webview, core], ['vscode', 'undici']).map((s) => `${path.relative(ROOT, f)}: ${s}`));
    assert.deepEqual(bad, []);
  });
});
