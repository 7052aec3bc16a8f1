// Root hooks of the mutation run only (stryker.config.mjs has mocha require this file; `npm test`
// does not). Stryker knows a test by its title and file. Mocha runs the transpiled copies in
// out/, which a fresh clone does not have and which carry whole source maps: each test is
// reported under its TypeScript file instead, so the committed incremental results name files
// that exist and that Stryker can diff to see which tests changed.
import type { Context, Suite } from 'mocha';

const TRANSPILED_TEST = /[\\/]out([\\/]test[\\/].*)\.js$/;

function reportSources(suite: Suite): void {
  for (const t of suite.tests) if (t.file) t.file = t.file.replace(TRANSPILED_TEST, '$1.ts');
  for (const s of suite.suites) reportSources(s);
}

export const mochaHooks = {
  beforeAll(this: Context) {
    let root = this.test?.parent;
    while (root?.parent) root = root.parent;
    if (root) reportSources(root);
  },
};
