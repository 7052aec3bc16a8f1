// One start of an extension in a fresh Node process, as the extension host does it: `require` of
// its main file, then `activate`. `vscode` is a stand-in that accepts every call (this measures
// the extension's own loading and activation, not VS Code's API). Prints one JSON line: the time
// from the start of the require to the end of `activate`, and the files it loaded with their sizes.
// Usage: node out/test/bench/activationHost.js <main.js> <storageDir>
import Module from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readFileSync, statSync } from 'node:fs';

/** Anything: a callable, constructible object whose every property is another one. */
function anything(): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {
    /* a stand-in */
  };
  return new Proxy(target, {
    get(_t, p) {
      if (p === 'then') return undefined; // not a promise
      if (p === Symbol.toPrimitive) return () => '';
      if (p === Symbol.iterator) return function* () {
        /* empty */
      };
      if (p === 'prototype') return target.prototype;
      // getConfiguration().get(key, fallback), globalState.get(key, fallback): the fallback.
      if (p === 'get') return (_key: unknown, fallback?: unknown) => fallback;
      if (!cache.has(p)) cache.set(p, anything());
      return cache.get(p);
    },
    set(_t, p, v) {
      cache.set(p, v);
      return true;
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

async function main(): Promise<void> {
  const [main, storage] = process.argv.slice(2);
  if (!main || !storage) throw new Error('usage: activationHost <main.js> <storageDir>');
  // esbuild's CommonJS interop copies the module's own properties: give it every name VS Code's API has.
  const vscode: Record<string, unknown> = {};
  const types = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  for (const m of types.matchAll(/^\s*export (?:class|enum|namespace|const|function) (\w+)/gm)) vscode[m[1]!] ??= anything();
  const resolve = (Module as unknown as { _resolveFilename: (r: string, ...rest: unknown[]) => string })._resolveFilename;
  (Module as unknown as { _resolveFilename: unknown })._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as unknown as NodeJS.Module;
  const uri = (p: string) => ({ fsPath: p, path: p, scheme: 'file', toString: () => `file://${p}` });
  const context = new Proxy(
    { subscriptions: [] as unknown[], globalStorageUri: uri(storage), storageUri: uri(storage), extensionUri: uri(path.dirname(path.dirname(main))), extensionPath: path.dirname(path.dirname(main)), extensionMode: 1 },
    { get: (t, p) => (p in t ? (t as Record<PropertyKey, unknown>)[p] : (vscode[p as string] ?? anything())) },
  );
  const before = new Set(Object.keys(require.cache));
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the extension host loads main files with require
  const ext = require(path.resolve(main)) as { activate?(c: unknown): unknown };
  // A bundle without `activate` (one loaded on first use) is timed for its require alone.
  if (typeof ext.activate === 'function') await ext.activate(context);
  const ms = performance.now() - t0;
  const loaded = Object.keys(require.cache)
    .filter((f) => !before.has(f) && f !== 'vscode')
    .map((f) => ({ file: path.relative(path.dirname(path.resolve(main)), f), bytes: statSync(f).size }));
  process.stdout.write(`${JSON.stringify({ ms, loaded })}\n`);
  // The extension keeps timers and watchers (as in the host); this process has measured what it came for.
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
