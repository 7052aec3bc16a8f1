// Regenerates l10n/bundle.l10n.json from every `vscode.l10n.t(...)` call in src/**, then lists what
// each translation lacks. Run: `node esbuild.mjs --tests && node out/test/l10n/l10nExtract.js`
//   --prune    also drop keys from the translations that src/** no longer uses
//   --missing  print the missing English strings of each language as JSON (to translate)
import * as fs from 'node:fs';
import { LANGUAGES, bundleFile, englishBundle, extractFromTree, projectRoot } from './l10nProject';

function main(): void {
  const root = projectRoot();
  const prune = process.argv.includes('--prune');
  const printMissing = process.argv.includes('--missing');
  const { strings, problems } = extractFromTree(root);
  const en = englishBundle(strings);
  fs.mkdirSync(bundleFile(root, 'en').replace(/[\\/][^\\/]+$/, ''), { recursive: true });
  fs.writeFileSync(bundleFile(root, 'en'), JSON.stringify(en, null, 2) + '\n');
  console.log(`l10n/bundle.l10n.json: ${strings.length} strings`);
  for (const p of problems) console.warn(`warning: ${p}`);

  for (const lang of LANGUAGES) {
    const file = bundleFile(root, lang);
    const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>) : {};
    const missing = Object.keys(en).filter((k) => !(k in current));
    const stale = Object.keys(current).filter((k) => !(k in en));
    if (prune && stale.length) {
      // Keep the English bundle's order, so diffs stay small.
      const next: Record<string, string> = {};
      for (const k of Object.keys(en)) if (k in current) next[k] = current[k];
      fs.writeFileSync(file, JSON.stringify(next, null, 2) + '\n');
    }
    console.log(`${lang}: ${missing.length} missing, ${stale.length} ${prune ? 'pruned' : 'stale'}`);
    if (printMissing && missing.length) {
      const skeleton: Record<string, string> = {};
      for (const k of missing) skeleton[k] = typeof en[k] === 'string' ? (en[k] as string) : (en[k] as { message: string }).message;
      console.log(JSON.stringify(skeleton, null, 2));
    }
  }
}

main();
