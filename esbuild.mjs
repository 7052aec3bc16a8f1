// One esbuild context per bundle (as in vscode-extension-samples/esbuild-sample):
//   dist/extension.js  Node, CommonJS, `vscode` external: the extension host's entry point. It
//                      holds what activation needs and no more.
//   dist/network.js    the client and undici, and beside it the other parts activation does not
//                      need (LAZY_ENTRIES below): each loaded by the main bundle on first use.
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
// `--outdir=<dir>` writes the bundles elsewhere (the activation bench builds a production copy).
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

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

// Code activation does not need, by bundle: the main bundle's lazy `require` of each entry (e.g. in
// src/platform/clientProvider.ts) becomes a `require('./network.js')` of the bundle beside it.
// A module both bundles use is copied into both: keep such modules free of state.
const LAZY_ENTRIES = {
  network: 'src/core/client/tokenHubClient.ts', // the first request
  agent: 'src/agent/agentTaskCode.ts', // the first agent task
  fences: 'src/core/edits/fences.ts', // the first proposal
  errorText: 'src/platform/errorText.ts', // the first error shown (the advice and its words)
  lmMessages: 'src/core/nativeChat/messages.ts', // the first request from VS Code's own chat
  media: 'src/media/generationCode.ts', // the first image or video
  participant: 'src/nativeChat/chatParticipant.ts', // the first @tokenhub request
  chat: 'src/chat/chatCode.ts', // the chat view opening, a chat command, a message from elsewhere
  mentions: 'src/platform/mentionCode.ts', // the first @ or drop
  profiles: 'src/auth/profileCode.ts', // the first profile command
  completions: 'src/completions/completionEngineCode.ts', // the first completion keystroke or request
  codeCommands: 'src/codeCommands/codeCommandsCode.ts', // the first code command
  modelPicker: 'src/models/modelPickerCode.ts', // the first model quick pick
  profileBudget: 'src/usage/profileBudgetCommand.ts', // the first "Set Budget…" on a profile
  budgetPrompts: 'src/platform/budgetPrompts.ts', // the first budget warning or question
};
const LAZY = Object.fromEntries(Object.entries(LAZY_ENTRIES).map(([name, file]) => [file, `./${name}.js`]));
const lazyBundles = {
  name: 'lazy-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'lazy') return undefined;
      const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'lazy' });
      const rel = r.path.slice(process.cwd().length + 1).replaceAll('\\', '/');
      return LAZY[rel] ? { path: LAZY[rel], external: true } : undefined;
    });
  },
};

function copyCodicons() {
  // Resolved like an import, so a build in a copy of the project without its own node_modules
  // (mutation testing's sandbox) finds the package too.
  const codicons = dirname(createRequire(import.meta.url).resolve('@vscode/codicons/dist/codicon.css'));
  mkdirSync(outdir, { recursive: true });
  cpSync(join(codicons, 'codicon.css'), join(outdir, 'codicon.css'));
  cpSync(join(codicons, 'codicon.ttf'), join(outdir, 'codicon.ttf'));
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
      outfile: join(outdir, 'extension.js'),
      external: ['vscode'],
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
      logLevel: 'warning',
      plugins: [problemMatcher, lazyBundles],
    }));
    contexts.push(await esbuild.context({
      entryPoints: LAZY_ENTRIES,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outdir,
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
      outdir,
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
