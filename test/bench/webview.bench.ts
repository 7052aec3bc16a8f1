// Streams answers in 2,000 chunks into the real chat bundle (dist/webview.js) in Chromium: a
// 60 KB answer with 20 code blocks, and one 3,000-line code block. The same chunks go the naive
// way (marked + innerHTML of the whole text on every chunk) in the same page; both are printed
// side by side.
//
// Each chunk is delivered as the host would (a `message` event with a `delta`), then the
// animation frame the view asked for is run at once and layout is forced, so every chunk's full
// cost (parse, sanitize, DOM, style, layout) is inside its own measurement. Main-thread time is
// also read from Chromium's own counter (CDP Performance.TaskDuration) for each phase.
// Run: node esbuild.mjs && node esbuild.mjs --tests && node out/test/bench/webview.bench.js
import { closeBrowser, openWebview } from '../webview/page';
import { answer, state } from '../webview/fixtures';

const CHUNKS = 2000;
const TARGET_BYTES = 60_000;
const CODE_BLOCKS = 20;

/** A realistic answer: prose, lists, a table and inline code between 20 fenced blocks. */
export function makeAnswer(): string {
  const parts: string[] = [];
  const per = TARGET_BYTES / CODE_BLOCKS;
  for (let b = 0; b < CODE_BLOCKS; b++) {
    const section: string[] = [`## Step ${b + 1}: part of the change`, ''];
    section.push(`This step updates \`module${b}.ts\` so that **every** caller gets the *new* behaviour; see [the docs](https://example.com/docs/${b}).`, '');
    section.push(`- first point about item ${b}`, `- second point, with \`code\``, `- third point`, '');
    if (b % 4 === 0) section.push('| name | value |', '|---|---|', `| a${b} | ${b} |`, `| b${b} | ${b * 2} |`, '');
    const code: string[] = [b % 2 ? '```python' : '```typescript'];
    let i = 0;
    while (section.join('\n').length + code.join('\n').length < per * 0.8) {
      code.push(b % 2 ? `def handler_${b}_${i}(value):\n    return value * ${i} + ${b}  # scaled` : `export function handler${b}_${i}(value: number): number {\n  return value * ${i} + ${b}; // scaled\n}`);
      i++;
    }
    code.push('```', '');
    section.push(...code);
    while (section.join('\n').length < per) section.push('Some closing words that explain what the code above does and why it is safe.', '');
    parts.push(section.join('\n'));
  }
  return parts.join('\n');
}

export function chunk(text: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(text.slice(Math.round((i * text.length) / n), Math.round(((i + 1) * text.length) / n)));
  return out;
}

interface Timing {
  total: number;
  perChunk: number[];
  taskMs: number;
  finalMs: number;
}

function tenthOf(values: number[], which: 'first' | 'last'): number[] {
  const n = Math.max(1, Math.floor(values.length / 10));
  return which === 'first' ? values.slice(0, n) : values.slice(-n);
}
function tenth(values: number[], which: 'first' | 'last'): number {
  const slice = tenthOf(values, which);
  return slice.reduce((a, b) => a + b, 0) / slice.length;
}
/** The median resists the spikes other processes on a shared machine put into single chunks. */
function tenthMedian(values: number[], which: 'first' | 'last'): number {
  const slice = [...tenthOf(values, which)].sort((a, b) => a - b);
  return slice[Math.floor(slice.length / 2)]!;
}

/** One long fenced block (a whole generated file): the case where a renderer that re-reads its open tail per line grows with the block. */
export function makeLongCode(lines = 3000): string {
  const out = ['Here is the whole file:', '', '```typescript'];
  for (let i = 0; i < lines; i++) out.push(`export const value${i} = compute(${i}, "item ${i}"); // line ${i}`);
  out.push('```', '', 'That is all.');
  return out.join('\n');
}

interface Scenario {
  readonly title: string;
  readonly text: string;
}

async function measure(sc: Scenario): Promise<void> {
  const chunks = chunk(sc.text, CHUNKS);
  const fences = (sc.text.match(/^```/gm) ?? []).length / 2;
  const p = await openWebview({ manualFrames: true, extraScripts: ['marked.umd.js'] });
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Performance.enable');
  const taskDuration = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  try {
    await p.post({ type: 'state', state: state([answer('bench', '', 'streaming')]) });
    await p.page.evaluate(() => (window as unknown as { __flushFrames(): number }).__flushFrames());

    // Ours: the real bundle, fed as the host feeds it.
    let t0 = await taskDuration();
    const ours = await p.page.evaluate((list) => {
      const w = window as unknown as { __flushFrames(): number };
      const times: number[] = [];
      const start = performance.now();
      for (const text of list) {
        const a = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'delta', messageId: 'bench', text } }));
        w.__flushFrames();
        void document.body.offsetHeight;
        times.push(performance.now() - a);
      }
      const total = performance.now() - start;
      const f = performance.now();
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'messageUpdated', message: { id: 'bench', role: 'assistant', text: list.join(''), model: 'bench', state: 'done', createdAt: 1 } } }));
      w.__flushFrames();
      void document.body.offsetHeight;
      return { total, perChunk: times, finalMs: performance.now() - f };
    }, chunks);
    const oursTask = (await taskDuration()) - t0;
    const oursResult: Timing = { ...ours, taskMs: oursTask };
    const rendered = await p.page.locator('article.assistant .code-block').count();

    // Naive: the whole markdown through marked and innerHTML on every chunk (no highlighting, no sanitizer).
    t0 = await taskDuration();
    const naive = await p.page.evaluate((list) => {
      const m = (window as unknown as { marked: { parse(s: string): string } }).marked;
      const host = document.createElement('div');
      host.className = 'markdown';
      document.querySelector('.message-list')!.append(host);
      const times: number[] = [];
      let acc = '';
      const start = performance.now();
      for (const text of list) {
        const a = performance.now();
        acc += text;
        host.innerHTML = m.parse(acc);
        void document.body.offsetHeight;
        times.push(performance.now() - a);
      }
      const total = performance.now() - start;
      const f = performance.now();
      host.innerHTML = m.parse(acc);
      void document.body.offsetHeight;
      return { total, perChunk: times, finalMs: performance.now() - f };
    }, chunks);
    const naiveResult: Timing = { ...naive, taskMs: (await taskDuration()) - t0 };

    const row = (label: string, a: string, b: string) => console.log(`  ${label.padEnd(34)}${a.padStart(14)}${b.padStart(14)}`);
    const ms = (v: number) => `${v.toFixed(v < 10 ? 3 : 1)} ms`;
    console.log(`\nwebview streaming bench, ${sc.title}: ${sc.text.length} chars, ${fences} code block(s), ${chunks.length} chunks (Chromium, real bundle)`);
    row('', 'incremental', 'naive');
    row('main-thread time (CDP TaskDuration)', ms(oursResult.taskMs), ms(naiveResult.taskMs));
    row('sum of per-chunk time', ms(oursResult.total), ms(naiveResult.total));
    row('per chunk, first tenth (mean)', ms(tenth(oursResult.perChunk, 'first')), ms(tenth(naiveResult.perChunk, 'first')));
    row('per chunk, last tenth (mean)', ms(tenth(oursResult.perChunk, 'last')), ms(tenth(naiveResult.perChunk, 'last')));
    row('per chunk, first tenth (median)', ms(tenthMedian(oursResult.perChunk, 'first')), ms(tenthMedian(naiveResult.perChunk, 'first')));
    row('per chunk, last tenth (median)', ms(tenthMedian(oursResult.perChunk, 'last')), ms(tenthMedian(naiveResult.perChunk, 'last')));
    row('slowest chunk', ms(Math.max(...oursResult.perChunk)), ms(Math.max(...naiveResult.perChunk)));
    row('final render of the whole answer', ms(oursResult.finalMs), ms(naiveResult.finalMs));
    const growth = tenth(oursResult.perChunk, 'last') / tenth(oursResult.perChunk, 'first');
    const growthMedian = tenthMedian(oursResult.perChunk, 'last') / tenthMedian(oursResult.perChunk, 'first');
    const naiveGrowth = tenth(naiveResult.perChunk, 'last') / tenth(naiveResult.perChunk, 'first');
    const speedup = naiveResult.taskMs / oursResult.taskMs;
    console.log(`  ours, last/first tenth per chunk: ${growth.toFixed(2)}x by mean, ${growthMedian.toFixed(2)}x by median (target <= 2x; naive ${naiveGrowth.toFixed(1)}x)`);
    console.log(`  naive/ours main-thread time: ${speedup.toFixed(1)}x (target >= 10x, aim 100x)`);
    console.log(`  code blocks rendered with toolbars: ${rendered}`);
  } finally {
    await p.close();
  }
}

export async function run(): Promise<void> {
  try {
    await measure({ title: 'a mixed answer', text: makeAnswer() });
    await measure({ title: 'one long code block', text: makeLongCode() });
  } finally {
    await closeBrowser();
  }
}

if (require.main === module) {
  run().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
