// Mutation testing (`npm run mutate`, CI after `npm test`): StrykerJS breaks the code one small
// bug at a time and checks that a test fails. See CONTRIBUTING.md, "Mutation testing".
// - What is mutated is chosen by folder, so files that are split or added join by themselves:
//   all of src/core, and the webview's markdown rendering and sanitizing.
// - The mutated TypeScript is built once per sandbox by the project's own build (every mutant is
//   compiled in, behind a switch); mocha then runs the unit tests in Node and the webview tests in
//   Chromium (test/webview/strykerBridge.ts carries the switch into the page).
// - Incremental: results are kept in reports/stryker-incremental.json (committed), so a run after
//   a change tests only the mutants whose code or covering tests changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  // Run without a shell, hence the npm script.
  buildCommand: 'npm run build:all',
  mutate: [
    'src/core/**/*.ts',
    // The webview's rendering and sanitizing (markdown.ts, streamingRenderer.ts, and any module
    // split from them under these names); not its UI, which only the end-to-end tests reach.
    'src/webview/**/@(markdown|sanitiz|streaming|render)*.ts',
  ],
  mochaOptions: {
    spec: ['out/test/core/**/*.test.js', 'out/test/webview/**/*.test.js'],
    require: ['out/test/host/mutationHooks.js'],
  },
  coverageAnalysis: 'perTest',
  // A mutant in code that runs only while a module loads (a module-level table, pattern or
  // constant) can only be tested by a fresh process running every test: about a minute each, and
  // there are several hundred (the built-in catalogue, prompt texts). They are listed as ignored;
  // `npm run mutate` prints how many per group. Keep logic out of module-level expressions.
  ignoreStatic: true,
  // Two cores; each worker also drives a Chromium for the webview tests.
  concurrency: 2,
  // A mutant that makes a test wait forever is detected by this timeout; generous enough that a
  // busy machine (other builds, Chromium) does not turn a slow pass into a false detection.
  timeoutMS: 15000,
  timeoutFactor: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { reportMutants: false, reportTests: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: 80 },
  // The sandbox gets sources and tests; the build there makes out/ and dist/ from the mutated code.
  ignorePatterns: ['out', 'dist', 'dist-vsix', 'test-results', '.vscode-test', 'reports', '*.vsix'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};

export default config;
