// The rooms of src/ and who may enter which, in one place: ESLint's `local/rooms` rule
// (eslint.config.mjs) and the layers test (test/core/layers.test.ts) both run this checker, which
// resolves every relative import to the folder it lands in (a path pattern on the import string
// cannot tell `src/core/media` from `src/media`).
//   src/core      plain TypeScript: itself only; never `vscode`
//   src/webview   the browser bundle: itself and src/core; never `vscode` or `undici`
//   src/platform  the VS Code-facing layer every feature shares: itself and src/core
//   src/<feature> one folder per feature: itself, src/platform and src/core; never another feature
//   src/extension.ts  the table of contents: may import every room
import * as path from 'node:path';

/** The room of a file under `srcDir`: 'core', 'webview', 'platform', 'root' or 'feature:<name>'. */
export function roomOf(srcDir, file) {
  const rel = path.relative(srcDir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const parts = rel.split(path.sep);
  if (parts.length === 1) return 'root';
  if (parts[0] === 'core' || parts[0] === 'webview' || parts[0] === 'platform') return parts[0];
  return `feature:${parts[0]}`;
}

const FORBIDDEN_PACKAGES = { core: ['vscode'], webview: ['vscode', 'undici'] };

function allowedRooms(room) {
  if (room === 'root') return undefined; // everything
  if (room === 'core') return ['core'];
  if (room === 'webview') return ['webview', 'core'];
  if (room === 'platform') return ['platform', 'core'];
  return [room, 'platform', 'core'];
}

/**
 * Why `specifier`, imported by `file`, breaks the rooms; undefined when it is allowed. Relative
 * specifiers are resolved; bare ones are packages (node: built-ins are allowed everywhere).
 */
export function roomViolation(srcDir, file, specifier) {
  const room = roomOf(srcDir, file);
  if (!room) return undefined;
  if (!specifier.startsWith('.')) {
    const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    return (FORBIDDEN_PACKAGES[room] ?? []).includes(pkg) ? `${room} must not import the package '${pkg}'` : undefined;
  }
  const allowed = allowedRooms(room);
  if (!allowed) return undefined;
  const target = roomOf(srcDir, path.resolve(path.dirname(file), specifier));
  if (target === undefined) return `${room} must not import from outside src/ ('${specifier}')`;
  if (allowed.includes(target)) return undefined;
  return `${room} must not import ${target} ('${specifier}'): ${room.startsWith('feature:') ? 'a feature imports only itself, src/platform and src/core' : `src/${room} imports only ${allowed.map((r) => `src/${r}`).join(', ')}`}`;
}

/** Every module specifier of a source text: `import … from`, `export … from`, `import()`, `require()`. */
export function specifiers(source) {
  const out = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[2]);
  return out;
}

/** An ESLint rule running the checker on every import, export-from, import() and require(). */
export const roomsRule = {
  meta: { type: 'problem', docs: { description: 'Keeps src/ in its rooms: core, platform, one folder per feature, webview.' }, schema: [] },
  create(context) {
    const srcDir = path.join(context.cwd ?? process.cwd(), 'src');
    const file = context.filename ?? context.getFilename();
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const why = roomViolation(srcDir, file, node.value);
      if (why) context.report({ node, message: why });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require') check(n.arguments[0]);
      },
    };
  },
};
