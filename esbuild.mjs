// One esbuild context per bundle (as in vscode-extension-samples/esbuild-sample):
//   dist/extension.js  Node, CommonJS, `vscode` external: the extension host's entry point.
//   dist/webview.js    browser IIFE: the chat view, which shares only the typed protocol with the host.
//   dist/webview.css   its styles (codicons font copied beside it).
//   (--tests) out/webview-harness/*.js  page scripts of the webview tests, one module each.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
// `--tests` transpiles src/ and test/ file by file into out/ (no bundling) so mocha, the
// extension-host suites and the launchers run the same modules the bundles are made of.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Prints errors in the `file:line:col: error: text` form VS Code's problem matchers read. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
    });
  },
};

function copyCodicons() {
  // Resolved like an import, so a build in a copy of the project without its own node_modules
  // (mutation testing's sandbox) finds the package too.
  const codicons = dirname(createRequire(import.meta.url).resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync('dist', { recursive: true });
  cpSync(join(codicons, 'codicon.css'), 'dist/codicon.css');
  cpSync(join(codicons, 'codicon.ttf'), 'dist/codicon.ttf');
}

async function main() {
  const contexts = [];
  if (tests) {
    contexts.push(await esbuild.context({
      entryPoints: [...listTs('src'), ...listTs('test')],
      outdir: 'out',
      outbase: '.',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'warning',
      plugins: [problemMatcher],
    }));
    // Page scripts of the webview tests (test/webview/harness): one webview module alone in a page.
    contexts.push(await esbuild.context({
      entryPoints: listTs('test/webview/harness'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      outdir: 'out/webview-harness',
      sourcemap: 'inline',
      logLevel: 'warning',
      plugins: [problemMatcher],
    }));
  } else {
    copyCodicons();
    contexts.push(await esbuild.context({
      entryPoints: ['src/extension.ts'],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outfile: 'dist/extension.js',
      external: ['vscode'],
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
      logLevel: 'warning',
      plugins: [problemMatcher],
    }));
    contexts.push(await esbuild.context({
      entryPoints: { webview: 'src/webview/main.ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: ['chrome120'],
      outdir: 'dist',
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
      logLevel: 'warning',
      loader: { '.css': 'css' },
      plugins: [problemMatcher],
    }));
  }
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
