// Printing test results in mocha's form, and the one summary line every launcher ends with.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import type { TestResult, TestResults } from '../integration/index';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(fs.readFileSync(file, 'utf8'));
      if (m) map = new SourceMap(JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')));
    } catch {
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/**
 * Points stack frames in esbuild's out/**.js at the .ts sources (the extension host's own stack
 * formatting does not apply source maps).
 */
export function mapStack(stack: string): string {
  return stack.replace(/(\/[^\s():]+\.js):(\d+):(\d+)/g, (whole, file: string, line: string, col: string) => {
    const map = sourceMapOf(file);
    const entry = map?.findEntry(Number(line) - 1, Number(col) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
    if (!entry?.originalSource || entry.originalLine === undefined) return whole;
    const source = entry.originalSource.startsWith('file://') ? new URL(entry.originalSource).pathname : path.resolve(path.dirname(file), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
  });
}

export interface LayerOutcome {
  readonly name: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  /** Set when the layer could not run or report (crash, time-out, no results): counts as a failure. */
  readonly error?: string;
}

export function summaryLine(o: { passed: number; failed: number; skipped: number }): string {
  return `${o.passed} passed, ${o.failed} failed${o.skipped ? `, ${o.skipped} skipped` : ''}`;
}

export function isOk(o: LayerOutcome): boolean {
  return !o.error && o.failed === 0 && o.passed + o.skipped > 0;
}

/** Prints each test like mocha's spec reporter (flat: full titles), then the failures' details. */
export function printResults(name: string, results: TestResults, write: (line: string) => void = (l) => console.log(l)): LayerOutcome {
  write('');
  write(`  ${name}  (VS Code ${results.host.vscode}, ${results.host.uiKind}, ${results.host.appHost}, Node ${results.host.node})`);
  const tests: TestResult[] = results.tests ?? [...results.passes, ...results.failures, ...results.pending];
  let n = 0;
  for (const t of tests) {
    if (t.state === 'passed') write(`    ✔ ${t.fullTitle}${t.duration !== undefined ? ` (${t.duration}ms)` : ''}`);
    else if (t.state === 'pending') write(`    - ${t.fullTitle}`);
    else write(`    ${++n}) ${t.fullTitle}`);
  }
  if (results.failures.length) {
    write('');
    results.failures.forEach((f, i) => {
      write(`  ${i + 1}) ${f.fullTitle}:`);
      for (const line of mapStack(f.stack || f.message || '').split('\n')) write(`     ${line}`);
      write('');
    });
  }
  if (results.error) write(`  the suite could not run: ${results.error}`);
  return {
    name,
    passed: results.passes.length,
    failed: results.failures.length,
    skipped: results.pending.length,
    ...(results.error ? { error: results.error.split('\n')[0] } : {}),
  };
}
