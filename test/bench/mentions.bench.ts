// The @-mention picker on a generated 10,000-file workspace: how long from a keystroke to the
// first results. Three figures, each beside a reference measured in the same run:
//   1. listing the workspace with ripgrep into the fuzzy index (once, when the picker opens);
//   2. the search itself per keystroke, typing queries letter by letter (the index narrows from
//      the last query) against a search from scratch on every keystroke;
//   3. the whole round trip in the real chat bundle in Chromium: the keystroke, the picker's
//      request, the search in Node (standing in for the extension host) and the list drawn.
// Target: at most 50 ms at the 95th percentile for 3. What 3 leaves out is VS Code's own
// webview ⇄ extension host message passing (a few milliseconds). On a busy machine wall time is
// mostly waiting for a core: the search's CPU time is printed too.
// Run: node esbuild.mjs && node esbuild.mjs --tests && node out/test/bench/mentions.bench.js
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { FuzzyIndex } from '../../src/core/mentions/fuzzy';
import { runRipgrep } from '../../src/core/agent/ripgrepRun';
import { closeBrowser, openWebview } from '../webview/page';
import { state } from '../webview/fixtures';

const FILES = 10_000;
const QUERIES = ['button', 'usrsvc', 'src/comp/tab', 'indexts', 'readme', 'apiclient', 'storeutils', 'mdl', 'chatview', 'cfgrouter'];

const WORDS = ['src', 'lib', 'components', 'utils', 'core', 'api', 'services', 'views', 'models', 'store', 'hooks', 'features', 'shared', 'common', 'pages', 'widgets', 'forms', 'layout', 'auth', 'chat', 'router', 'config', 'tests', 'fixtures', 'helpers'];
const NAMES = ['Button', 'Table', 'Form', 'Modal', 'UserService', 'ApiClient', 'Store', 'Router', 'ChatView', 'Config', 'Index', 'Helpers', 'Utils', 'Model', 'Header', 'Footer', 'Sidebar', 'List', 'Item', 'Card'];
const EXTS = ['.ts', '.tsx', '.js', '.json', '.md', '.css', '.test.ts', '.py', '.go'];

/** A workspace of `n` files in nested folders (deterministic), plus ignored trees ripgrep must skip. */
function makeWorkspace(n: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-bench-mentions-'));
  let seed = 7;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  for (let i = 0; i < n; i++) {
    const depth = 1 + rnd(5);
    const dirs = Array.from({ length: depth }, () => WORDS[rnd(WORDS.length)]! + (rnd(4) === 0 ? String(rnd(9)) : ''));
    const name = `${NAMES[rnd(NAMES.length)]}${rnd(3) === 0 ? NAMES[rnd(NAMES.length)] : ''}${i}${EXTS[rnd(EXTS.length)]}`;
    const dir = path.join(root, ...dirs);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, name), '');
  }
  fs.writeFileSync(path.join(root, 'README.md'), '# bench\n');
  fs.writeFileSync(path.join(root, '.gitignore'), 'dist/\n');
  for (const ignored of ['dist', 'node_modules/pkg']) {
    fs.mkdirSync(path.join(root, ignored), { recursive: true });
    for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(root, ignored, `ignored${i}.js`), '');
  }
  return root;
}

function rgPath(): string {
  return execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;

async function main(): Promise<void> {
  const root = makeWorkspace(FILES);
  try {
    // 1. The listing, as the extension makes it when the picker opens.
    let t = performance.now();
    const run = await runRipgrep(rgPath(), ['--files', '--hidden', '--no-require-git', '--glob', '!.git', '--glob', '!**/node_modules'], root, 200_000, new AbortController().signal);
    const paths = run.lines.filter(Boolean).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
    const listMs = performance.now() - t;
    t = performance.now();
    new FuzzyIndex(paths, (p) => p);
    const indexMs = performance.now() - t;
    console.log(`\n@-mention picker bench: ${paths.length} files listed (ignored trees left out: ${paths.some((p) => p.startsWith('dist/') || p.includes('node_modules')) ? 'NO' : 'yes'})`);
    console.log(`  ripgrep --files: ${ms(listMs)}; fuzzy index built: ${ms(indexMs)} (once, when the picker opens)`);

    // 2. The search per keystroke: narrowing as you type vs from scratch each time.
    const typed: number[] = [];
    const typedCpu: number[] = [];
    const scratch: number[] = [];
    const scratchCpu: number[] = [];
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(since);
      return (u.user + u.system) / 1000;
    };
    for (let round = 0; round < 3; round++) {
      for (const q of QUERIES) {
        const typing = new FuzzyIndex(paths, (p) => p);
        for (let i = 1; i <= q.length; i++) {
          const prefix = q.slice(0, i);
          let a = performance.now();
          let c = process.cpuUsage();
          typing.search(prefix, 30);
          typedCpu.push(cpuMs(c));
          typed.push(performance.now() - a);
          const fresh = new FuzzyIndex(paths, (p) => p);
          a = performance.now();
          c = process.cpuUsage();
          fresh.search(prefix, 30);
          scratchCpu.push(cpuMs(c));
          scratch.push(performance.now() - a);
        }
      }
    }
    console.log(`  search per keystroke (${typed.length} keystrokes): CPU p50 ${ms(percentile(typedCpu, 50))}, p95 ${ms(percentile(typedCpu, 95))}; wall p50 ${ms(percentile(typed, 50))}, p95 ${ms(percentile(typed, 95))}`);
    console.log(`    reference, every file scored on every keystroke: CPU p50 ${ms(percentile(scratchCpu, 50))}, p95 ${ms(percentile(scratchCpu, 95))}; wall p95 ${ms(percentile(scratch, 95))}`);

    // 3. The round trip in the real bundle, all inside the page so no test-driver hop is timed: a
    // keystroke goes into the input, the picker asks, a host in the page (the same fuzzy index,
    // bundled for the browser; answering in a later task, as a message from the extension host
    // would arrive) answers, and the time runs until the list is drawn.
    const fuzzyBundle = await esbuild.build({ entryPoints: [path.join(__dirname, '..', '..', '..', 'src', 'core', 'mentions', 'fuzzy.ts')], bundle: true, format: 'iife', globalName: 'BenchFuzzy', write: false });
    const p = await openWebview();
    try {
      await p.post({ type: 'state', state: state([]) });
      await p.page.evaluate(`${fuzzyBundle.outputFiles[0]!.text};window.BenchFuzzy = BenchFuzzy;`);
      await p.page.locator('textarea.composer-input').click();
      const result = await p.page.evaluate(
        async ({ paths: list, queries, rounds }) => {
          type Idx = { search(q: string, n: number): { item: string; positions: number[] }[] };
          const w = window as unknown as { BenchFuzzy: { FuzzyIndex: new (items: string[], key: (s: string) => string) => Idx; nameStart(p: string): number }; __onPost(m: unknown): void };
          const index = new w.BenchFuzzy.FuzzyIndex(list, (x) => x);
          w.__onPost = (raw) => {
            const m = raw as { type: string; method?: string; id: number; params: { query: string; seq: number } };
            if (m.type !== 'request' || m.method !== 'mentionCandidates') return;
            setTimeout(() => {
              const items = index.search(m.params.query, 30).map((r) => {
                const start = w.BenchFuzzy.nameStart(r.item);
                return { kind: 'file', ref: `file:///w/${r.item}`, label: r.item.slice(start), detail: r.item.slice(0, Math.max(0, start - 1)), match: r.positions.filter((x) => x >= start).map((x) => x - start) };
              });
              window.dispatchEvent(new MessageEvent('message', { data: { type: 'response', id: m.id, result: { seq: m.params.seq, items } } }));
            }, 0);
          };
          const input = document.querySelector<HTMLTextAreaElement>('textarea.composer-input')!;
          const listEl = document.querySelector('.mention-list')!;
          const drawn = () => new Promise<number>((resolve) => {
            const obs = new MutationObserver(() => {
              obs.disconnect();
              // Layout of what was drawn is part of showing it.
              void (listEl as HTMLElement).offsetHeight;
              resolve(performance.now());
            });
            obs.observe(listEl, { childList: true });
          });
          const type = async (value: string): Promise<number> => {
            const t0 = performance.now();
            const done = drawn();
            input.value = value;
            input.setSelectionRange(value.length, value.length);
            input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
            return (await done) - t0;
          };
          const times: number[] = [];
          for (let r = 0; r < rounds; r++) {
            for (const q of queries) {
              await type('@');
              for (let i = 1; i <= q.length; i++) times.push(await type(`@${q.slice(0, i)}`));
              input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
              input.value = '';
              input.dispatchEvent(new InputEvent('input', { bubbles: true }));
            }
          }
          return times;
        },
        { paths, queries: QUERIES, rounds: 3 },
      );
      const p95 = percentile(result, 95);
      const load = os.loadavg()[0]!;
      console.log(`  keystroke → results drawn in the chat view (${result.length} keystrokes): p50 ${ms(percentile(result, 50))}, p95 ${ms(p95)}, max ${ms(Math.max(...result))}`);
      console.log(`  target: p95 <= 50 ms: ${p95 <= 50 ? 'met' : 'NOT MET'} (load average ${load.toFixed(1)} on ${os.cpus().length} cores)`);
    } finally {
      await p.close();
    }
  } finally {
    await closeBrowser();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
