// The packaging check: builds the .vsix as `npm run package` does (production bundle, then the
// script's own `vsce package` command line), reads the zip's central directory, and fails when it
// holds anything the allow-list in .vscodeignore does not allow, or lacks a file the extension
// needs (its entry points, icon, l10n bundles, every media/dist/l10n path package.json names), or
// when the packaged README.md is not a user's guide or CHANGELOG.md lacks the packaged version.
// Usage: node out/test/host/packageCheck.js [existing.vsix]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { activationBundleProblems } from './activationBundle';
import { log } from './hostLog';
import { changelogProblems, localImages, readmeImagesCheck, readmeProblems } from './docsCheck';
import { isOk, summaryLine, type LayerOutcome } from './results';
import { PROJECT_ROOT, runNode } from './vsix';

interface ZipEntry { readonly name: string; readonly method: number; readonly compressedSize: number; readonly offset: number }

/** The entries of a zip file, from its central directory (sizes there are always right). */
export function zipDirectory(buf: Buffer, file = 'zip'): ZipEntry[] {
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      offset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Names of the entries in a zip file. */
export function zipEntries(file: string): string[] {
  return zipDirectory(fs.readFileSync(file), file).map((e) => e.name);
}

/** Reads one (stored or deflated) entry of a zip file. */
export function zipRead(file: string, entry: string): Buffer {
  const buf = fs.readFileSync(file);
  const e = zipDirectory(buf, file).find((x) => x.name === entry);
  if (!e) throw new Error(`${entry} not found in ${file}`);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  return e.method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The `!pattern` lines of .vscodeignore: what may go into the package. */
export function allowList(): string[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, '.vscodeignore'), 'utf8');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (lines[0] !== '**') throw new Error('.vscodeignore must start with `**` (an allow-list)');
  return lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/^\//, ''));
}

/** vsce renames a few files on the way in; map them back to the project's names. */
function projectName(entry: string): string {
  const rel = entry.replace(/^extension\//, '');
  if (/^readme\.md$/i.test(rel)) return 'README.md';
  if (/^changelog\.md$/i.test(rel)) return 'CHANGELOG.md';
  if (/^license(\.txt|\.md)?$/i.test(rel)) return 'LICENSE';
  return rel;
}

interface Check {
  readonly title: string;
  readonly problems: string[];
  /** A known gap, reported on every run without failing it. */
  readonly skipped?: string;
}

export function checkVsix(vsix: string): Check[] {
  const entries = zipEntries(vsix).filter((e) => !e.endsWith('/'));
  const allowed = allowList().map(globToRegExp);
  const meta = new Set(['extension.vsixmanifest', '[Content_Types].xml']);
  const files = entries.filter((e) => !meta.has(e));
  const names = new Set(files.map(projectName));
  const manifest = JSON.parse(zipRead(vsix, 'extension/package.json').toString('utf8')) as Record<string, unknown> & { main?: string; icon?: string; l10n?: string };

  const outside = files.filter((e) => !e.startsWith('extension/'));
  const notAllowed = files.filter((e) => e.startsWith('extension/') && !allowed.some((r) => r.test(projectName(e))));
  const forbidden = files.filter((e) => /\.(map|ts|tsx|mjs)$|(^|\/)(node_modules|src|test|out|\.vscode|\.git)\//.test(projectName(e)) && !/\.d\.ts$/.test(e));

  const expected = ['package.json', 'package.nls.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/extension.js', 'dist/webview.js', 'l10n/bundle.l10n.json'];
  if (manifest.main) expected.push(path.posix.normalize(manifest.main.replace(/^\.\//, '')).replace(/^(dist\/extension)$/, '$1.js'));
  if (manifest.icon) expected.push(manifest.icon.replace(/^\.\//, ''));
  // Every file path the manifest names (view icons, walkthrough media, ...) must be packaged.
  const referenced = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      const m = /^(?:\.\/)?((?:media|dist|l10n)\/[^\s]+\.[A-Za-z0-9]+)$/.exec(v);
      if (m) referenced.add(m[1]);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(manifest.contributes);
  for (const lang of fs.readdirSync(path.join(PROJECT_ROOT, 'l10n')).filter((f) => f.endsWith('.json'))) expected.push(`l10n/${lang}`);
  for (const nls of fs.readdirSync(PROJECT_ROOT).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f))) expected.push(nls);
  const missing = [...new Set([...expected, ...referenced])].filter((f) => !names.has(f));
  // The README and CHANGELOG as the Marketplace and the Details tab show them.
  const packaged = (name: string) => {
    const entry = files.find((e) => projectName(e) === name);
    return entry ? zipRead(vsix, entry).toString('utf8') : undefined;
  };
  const readme = packaged('README.md');
  const changelog = packaged('CHANGELOG.md');
  const inProject = (rel: string) => fs.existsSync(path.join(PROJECT_ROOT, rel));
  const mainEntry = files.find((e) => projectName(e) === 'dist/extension.js');
  const mainBundle = mainEntry ? zipRead(vsix, mainEntry) : undefined;
  const activation = mainBundle ? activationBundleProblems(mainBundle.toString('utf8'), mainBundle.length, (name) => names.has(`dist/${name}`)) : ['dist/extension.js is not packaged'];
  const images = readme === undefined ? { problems: [] } : readmeImagesCheck(localImages(readme), manifest.repository !== undefined || /--baseImagesUrl\b/.test(readProjectManifest().scripts.package ?? ''));

  return [
    { title: 'the .vsix holds only files the .vscodeignore allow-list allows', problems: [...outside, ...notAllowed].map((e) => `not allowed: ${e}`) },
    { title: 'the .vsix holds no sources, source maps, tests or node_modules', problems: forbidden.map((e) => `should not be packaged: ${e}`) },
    { title: 'the .vsix holds every file the extension needs and package.json names', problems: missing.map((f) => `missing: ${f}`) },
    { title: 'activation loads at most 200 kB, without undici; the bundles loaded later ship (test/host/activationBundle.ts)', problems: activation },
    { title: 'the packaged manifest is the project\'s', problems: manifest.name === readProjectManifest().name && manifest.version === readProjectManifest().version ? [] : ['name/version differ from package.json'] },
    { title: 'the packaged README.md is a user\'s guide (test/host/docsCheck.ts)', problems: readme === undefined ? ['README.md is not packaged'] : readmeProblems(readme, inProject) },
    { title: 'the packaged README.md shows its images by https address', ...images },
    { title: 'the packaged CHANGELOG.md has a section for this version', problems: changelog === undefined ? ['CHANGELOG.md is not packaged'] : changelogProblems(changelog, String(manifest.version)) },
  ];
}

function readProjectManifest(): { name: string; version: string; scripts: Record<string, string> } {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
}

/** Builds the .vsix with the production bundle and `npm run package`'s own vsce arguments. */
export async function buildPackage(outFile: string): Promise<string> {
  const script = readProjectManifest().scripts.package ?? '';
  const vsceStep = script.split('&&').map((s) => s.trim()).find((s) => s.startsWith('vsce '));
  if (!vsceStep) throw new Error(`package.json's "package" script has no vsce step: ${script}`);
  const args = vsceStep.split(/\s+/).slice(1);
  const outAt = args.findIndex((a) => a === '--out' || a === '-o');
  if (outAt >= 0) args.splice(outAt, 2);
  args.push('--out', outFile);
  log('node esbuild.mjs --production');
  const build = await runNode(['esbuild.mjs', '--production'], PROJECT_ROOT);
  if (build.code !== 0) throw new Error(`production build failed:\n${build.output}`);
  try {
    log(`vsce ${args.join(' ')}`);
    const r = await runNode([path.join(PROJECT_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), ...args], PROJECT_ROOT);
    if (r.code !== 0 || !fs.existsSync(outFile)) throw new Error(`vsce package failed (${r.code}):\n${r.output}`);
    for (const w of r.output.split('\n').filter((l) => /WARNING/.test(l))) log(`vsce: ${w.trim()}`);
  } finally {
    // Back to the development bundle (source maps) that the other layers and engineers use.
    await runNode(['esbuild.mjs'], PROJECT_ROOT);
  }
  return outFile;
}

export async function runPackageCheck(existing?: string): Promise<LayerOutcome> {
  const name = 'package (.vsix contents)';
  console.log(`\n  ${name}`);
  try {
    const vsix = existing ?? (await buildPackage(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-package-')), 'tokenhub-vscode.vsix')));
    const entries = zipEntries(vsix);
    const size = fs.statSync(vsix).size;
    console.log(`    ${path.basename(vsix)}: ${entries.length} entries, ${(size / 1024).toFixed(0)} KiB`);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const c of checkVsix(vsix)) {
      if (c.problems.length) {
        failed++;
        console.log(`    ${failed}) ${c.title}`);
        for (const p of c.problems) console.log(`         ${p}`);
      } else if (c.skipped) {
        skipped++;
        console.log(`    - ${c.title}: skipped, a known gap: ${c.skipped}`);
      } else {
        passed++;
        console.log(`    ✔ ${c.title}`);
      }
    }
    if (!existing) fs.rmSync(path.dirname(vsix), { recursive: true, force: true });
    return { name, passed, failed, skipped };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    console.log(`    could not build or read the package: ${error}`);
    return { name, passed: 0, failed: 0, skipped: 0, error: error.split('\n')[0] };
  }
}

if (require.main === module) {
  void runPackageCheck(process.argv[2]).then((o) => {
    if (o.error) console.log(`\n  layer error: ${o.error}`);
    console.log(`\n${summaryLine(o)}`);
    process.exit(isOk(o) ? 0 : 1);
  });
}
