// Mutation testing (`npm run mutate`) reaches into the browser. Stryker builds the bundles from
// mutated sources in which every mutant sits behind a switch read from `globalThis.__stryker__`,
// and counts which mutants each test reaches in the same object. In the webview tests that code
// runs in Chromium, not in this process, so the page gets a copy of the switch (the active mutant,
// the current test) before any of its scripts run, and gives its counts back before it closes.
// Outside a mutation run there is no `__stryker__` and both functions do nothing.
import type { BrowserContext, Page } from 'playwright-core';

type Counts = Record<string, number>;
interface Coverage {
  static: Counts;
  perTest: Record<string, Counts>;
}
interface StrykerState {
  activeMutant?: string;
  currentTestId?: string;
  hitLimit?: number;
  hitCount?: number;
  mutantCoverage?: Coverage;
}

function stryker(): StrykerState | undefined {
  return (globalThis as { __stryker__?: StrykerState }).__stryker__;
}

/** Before the page's scripts run: the mutant to switch on and the test its coverage counts for. */
export async function shareMutantSwitch(context: BrowserContext): Promise<void> {
  const ns = stryker();
  if (!ns) return;
  const seed: StrykerState = {};
  if (ns.activeMutant !== undefined) seed.activeMutant = ns.activeMutant;
  if (ns.currentTestId !== undefined) seed.currentTestId = ns.currentTestId;
  // A mutant that loops forever in the page ends there too, as it would in Node.
  if (ns.hitLimit !== undefined) Object.assign(seed, { hitLimit: ns.hitLimit, hitCount: 0 });
  await context.addInitScript((s) => {
    (window as unknown as { __stryker__: unknown }).__stryker__ = s;
  }, seed);
}

function add(into: Counts, from: Counts): void {
  for (const [id, n] of Object.entries(from)) into[id] = (into[id] ?? 0) + n;
}

/** Adds what the page's code reached to this process's coverage (call before closing the page). */
export async function collectMutantCoverage(page: Page): Promise<void> {
  const ns = stryker();
  if (!ns || page.isClosed()) return;
  const got = await page
    .evaluate(() => (window as unknown as { __stryker__?: StrykerState }).__stryker__?.mutantCoverage)
    .catch(() => undefined);
  if (!got) return;
  const cov = (ns.mutantCoverage ??= { static: {}, perTest: {} });
  add(cov.static, got.static);
  for (const [test, counts] of Object.entries(got.perTest)) add((cov.perTest[test] ??= {}), counts);
}
