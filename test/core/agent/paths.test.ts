import * as assert from 'node:assert/strict';
import { isAbsoluteAnyStyle, isInside, resolveWorkspacePath } from '../../../src/core/agent/paths';
import type { PathStyle, WorkspaceRoot } from '../../../src/core/agent/paths';
import { randomString, seeded } from './random';

const POSIX_ROOT: WorkspaceRoot[] = [{ name: 'proj', path: '/home/u/proj' }];
const WIN_ROOT: WorkspaceRoot[] = [{ name: 'proj', path: 'C:\\Users\\u\\proj' }];
const MULTI: WorkspaceRoot[] = [
  { name: 'web', path: '/w/web' },
  { name: 'api', path: '/w/api' },
];

function ok(input: string, roots: WorkspaceRoot[], style: PathStyle) {
  const r = resolveWorkspacePath(input, roots, style);
  assert.ok(r.ok, `${JSON.stringify(input)} was refused: ${r.ok ? '' : r.reason}`);
  return r;
}

function refused(input: string, roots: WorkspaceRoot[], style: PathStyle, why: RegExp) {
  const r = resolveWorkspacePath(input, roots, style);
  assert.equal(r.ok, false, `${JSON.stringify(input)} was accepted`);
  if (!r.ok) assert.match(r.reason, why, `${JSON.stringify(input)}: ${r.reason}`);
}

describe('core/agent/paths', () => {
  describe('resolveWorkspacePath', () => {
    it('resolves relative paths inside the root, in the style asked for', () => {
      assert.deepEqual(resolveWorkspacePath('src/app.ts', POSIX_ROOT, 'posix'), { ok: true, root: 'proj', absolute: '/home/u/proj/src/app.ts', relative: 'src/app.ts' });
      assert.deepEqual(resolveWorkspacePath('src/app.ts', WIN_ROOT, 'win32'), { ok: true, root: 'proj', absolute: 'C:\\Users\\u\\proj\\src\\app.ts', relative: 'src/app.ts' });
    });

    it('accepts ".", "./x", empty segments and a trailing slash', () => {
      assert.deepEqual(ok('.', POSIX_ROOT, 'posix'), { ok: true, root: 'proj', absolute: '/home/u/proj', relative: '.' });
      assert.equal(ok('./src/./a.ts', POSIX_ROOT, 'posix').relative, 'src/a.ts');
      assert.equal(ok('src//a.ts', POSIX_ROOT, 'posix').relative, 'src/a.ts');
      assert.equal(ok('src/', POSIX_ROOT, 'posix').absolute, '/home/u/proj/src');
      assert.equal(ok('./', WIN_ROOT, 'win32').absolute, 'C:\\Users\\u\\proj');
    });

    it('joins onto roots with or without a trailing separator, and gives the root as it is for "."', () => {
      assert.equal(ok('a', [{ name: 'p', path: '/home/u/proj/' }], 'posix').absolute, '/home/u/proj/a');
      assert.equal(ok('.', [{ name: 'p', path: '/home/u/proj/' }], 'posix').absolute, '/home/u/proj/');
      assert.equal(ok('a', [{ name: 'r', path: '/' }], 'posix').absolute, '/a');
      assert.equal(ok('.', [{ name: 'r', path: '/' }], 'posix').absolute, '/');
      assert.equal(ok('a', [{ name: 'c', path: 'C:\\' }], 'win32').absolute, 'C:\\a');
      assert.equal(ok('.', [{ name: 'c', path: 'C:\\' }], 'win32').absolute, 'C:\\');
      assert.equal(ok('a', [{ name: 'p', path: '\\\\srv\\share\\p\\' }], 'win32').absolute, '\\\\srv\\share\\p\\a');
      assert.equal(ok('a', [{ name: 'p', path: 'C:/p/' }], 'win32').absolute, 'C:/p/a');
      // A backslash is a separator only on win32.
      assert.equal(ok('a', [{ name: 'p', path: '/odd\\' }], 'posix').absolute, '/odd\\/a');
    });

    it('is not fooled by :// further into a name on posix', () => {
      assert.equal(ok('a/http://b', POSIX_ROOT, 'posix').relative, 'a/http:/b');
    });

    it('takes backslashes as separators on win32', () => {
      const r = ok('src\\sub/a.ts', WIN_ROOT, 'win32');
      assert.equal(r.relative, 'src/sub/a.ts');
      assert.equal(r.absolute, 'C:\\Users\\u\\proj\\src\\sub\\a.ts');
    });

    it('refuses backslashes on posix rather than taking them as part of a name', () => {
      refused('src\\a.ts', POSIX_ROOT, 'posix', /backslash/);
      refused('..\\..\\etc\\passwd', POSIX_ROOT, 'posix', /backslash/);
    });

    it('refuses empty paths', () => {
      refused('', POSIX_ROOT, 'posix', /empty/);
      refused('   ', POSIX_ROOT, 'posix', /empty/);
    });

    it('refuses absolute paths of every style, in both styles', () => {
      for (const style of ['posix', 'win32'] as const) {
        for (const p of ['/etc/passwd', '/', 'C:\\Windows\\x', 'C:/Windows/x', 'c:x', 'D:', '\\\\server\\share\\x', '//server/share/x', '\\\\?\\C:\\x', '\\\\.\\PhysicalDrive0', '\\x']) {
          refused(p, style === 'posix' ? POSIX_ROOT : WIN_ROOT, style, /absolute path/);
        }
      }
    });

    it('refuses URIs', () => {
      refused('file:///etc/passwd', POSIX_ROOT, 'posix', /URI/);
      refused('vscode-remote://ssh/x', WIN_ROOT, 'win32', /URI/);
    });

    it('refuses any ".." segment, even one that would stay inside', () => {
      for (const p of ['..', '../x', 'a/../b', 'a/..', 'src/../../etc']) refused(p, POSIX_ROOT, 'posix', /goes up a folder/);
      for (const p of ['..\\x', 'a\\..\\b', 'a/../b']) refused(p, WIN_ROOT, 'win32', /goes up a folder/);
      // Names that only contain dots are ordinary on posix.
      assert.equal(ok('a..b/...', POSIX_ROOT, 'posix').relative, 'a..b/...');
      assert.equal(ok('..a', POSIX_ROOT, 'posix').relative, '..a');
    });

    it('refuses ~ and ~user at the start, not a ~ further in', () => {
      refused('~', POSIX_ROOT, 'posix', /home folder/);
      refused('~/.ssh/id_rsa', POSIX_ROOT, 'posix', /home folder/);
      refused('~root/x', POSIX_ROOT, 'posix', /home folder/);
      refused('~\\x', WIN_ROOT, 'win32', /home folder/);
      assert.equal(ok('a~b/c~', POSIX_ROOT, 'posix').relative, 'a~b/c~');
    });

    it('refuses NUL, control characters and invisible or bidi characters', () => {
      refused('a\0b', POSIX_ROOT, 'posix', /NUL/);
      refused('a\nb', POSIX_ROOT, 'posix', /control character \(U\+000A\)/);
      refused('a\tb', POSIX_ROOT, 'posix', /control character \(U\+0009\)/);
      refused('a\rb', POSIX_ROOT, 'posix', /control character \(U\+000D\)/);
      refused('a\x1bb', POSIX_ROOT, 'posix', /control character \(U\+001B\)/);
      refused('a\x7fb', POSIX_ROOT, 'posix', /control character/);
      refused('a\u0085b', POSIX_ROOT, 'posix', /control character/);
      refused('evil\u202Etxt.exe', POSIX_ROOT, 'posix', /invisible or direction-changing character \(U\+202E\)/);
      refused('a\u200Bb', POSIX_ROOT, 'posix', /invisible/);
      refused('a\u{E0041}', POSIX_ROOT, 'posix', /invisible/);
      assert.equal(ok('naïve/日本語/émoji😀.md', POSIX_ROOT, 'posix').relative, 'naïve/日本語/émoji😀.md');
    });

    it('refuses very long paths', () => {
      refused('a/'.repeat(2049), POSIX_ROOT, 'posix', /longer than 4096/);
      assert.ok(resolveWorkspacePath('a'.repeat(4096), POSIX_ROOT, 'posix').ok);
    });

    it('refuses Windows names that Windows would silently change or read as devices', () => {
      refused('.vscode./settings.json', WIN_ROOT, 'win32', /ending with a dot or a space/);
      refused('.vscode /settings.json', WIN_ROOT, 'win32', /ending with a dot or a space/);
      refused('.env.', WIN_ROOT, 'win32', /ending with a dot/);
      refused('...', WIN_ROOT, 'win32', /ending with a dot/);
      refused('settings.json::$DATA', WIN_ROOT, 'win32', /does not allow/);
      for (const ch of ['<', '>', '"', '|', '?', '*']) refused(`a${ch}b`, WIN_ROOT, 'win32', /does not allow/);
      for (const dev of ['CON', 'nul', 'Nul.txt', 'com1', 'LPT9.log', 'aux', 'prn', 'CONIN$', 'com¹', 'nul .txt']) refused(`src/${dev}`, WIN_ROOT, 'win32', /reserved device name/);
      assert.ok(resolveWorkspacePath(' nul.txt', WIN_ROOT, 'win32').ok);
      refused('PROGRA~1/x', WIN_ROOT, 'win32', /short name/);
      refused('VSCODE~1/settings.json', WIN_ROOT, 'win32', /short name/);
      // The same names are ordinary on posix, and near misses are ordinary on win32.
      for (const p of ['.env.', 'ab:c', 'con', 'PROGRA~1', 'a*b', 'x ']) assert.ok(resolveWorkspacePath(p, POSIX_ROOT, 'posix').ok, p);
      for (const p of ['console.log', 'com10', 'lpt', 'a~b', 'nulls/x', '.env', '.vscode/settings.json']) assert.ok(resolveWorkspacePath(p, WIN_ROOT, 'win32').ok, p);
    });

    it('selects a root by its name in a multi-root workspace', () => {
      assert.deepEqual(ok('api/src/a.ts', MULTI, 'posix'), { ok: true, root: 'api', absolute: '/w/api/src/a.ts', relative: 'src/a.ts' });
      assert.deepEqual(ok('web', MULTI, 'posix'), { ok: true, root: 'web', absolute: '/w/web', relative: '.' });
      assert.deepEqual(ok('./api/x', MULTI, 'posix'), { ok: true, root: 'api', absolute: '/w/api/x', relative: 'x' });
      // Another first segment: the first root.
      assert.deepEqual(ok('src/a.ts', MULTI, 'posix'), { ok: true, root: 'web', absolute: '/w/web/src/a.ts', relative: 'src/a.ts' });
      assert.deepEqual(ok('.', MULTI, 'posix'), { ok: true, root: 'web', absolute: '/w/web', relative: '.' });
    });

    it('matches root names case-insensitively on win32 only', () => {
      const roots = [
        { name: 'Web', path: 'C:\\w\\web' },
        { name: 'Api', path: 'D:\\api' },
      ];
      assert.equal(ok('API\\x', roots, 'win32').root, 'Api');
      assert.equal(ok('API\\x', roots, 'win32').absolute, 'D:\\api\\x');
      const posix = [
        { name: 'Web', path: '/w/web' },
        { name: 'Api', path: '/w/api' },
      ];
      assert.deepEqual(ok('api/x', posix, 'posix'), { ok: true, root: 'Web', absolute: '/w/web/api/x', relative: 'api/x' });
    });

    it('does not treat the name of a single root as special', () => {
      assert.deepEqual(ok('proj/src', POSIX_ROOT, 'posix'), { ok: true, root: 'proj', absolute: '/home/u/proj/proj/src', relative: 'proj/src' });
    });

    it('refuses everything when no folder is open, and bad input without throwing', () => {
      refused('a', [], 'posix', /No workspace folder/);
      refused(42 as unknown as string, POSIX_ROOT, 'posix', /must be a string/);
      refused('a', undefined as unknown as WorkspaceRoot[], 'posix', /No workspace folder/);
      refused('a', [{ name: 1, path: null }] as unknown as WorkspaceRoot[], 'posix', /not known/);
      refused('a', [{ name: 'p', path: 3 }] as unknown as WorkspaceRoot[], 'posix', /not known/);
      refused('a', [{ name: 3, path: '/p' }] as unknown as WorkspaceRoot[], 'posix', /not known/);
      refused('a', [{ name: 'p', path: '' }], 'posix', /not known/);
      refused('a', [undefined] as unknown as WorkspaceRoot[], 'posix', /not known/);
    });

    it('property: whatever it accepts is inside the selected root and free of ..', () => {
      const rand = seeded(20250101);
      const alphabet = ['a', 'b', '.', '..', '/', '\\', '~', ':', 'C:', ' ', '\0', '\u202E', '*', 'é', '😀', '//', '%2e', '$HOME', 'con', '-'];
      for (let i = 0; i < 4000; i++) {
        const input = randomString(rand, alphabet, 12);
        for (const [style, roots] of [
          ['posix', MULTI],
          ['win32', WIN_ROOT],
        ] as const) {
          const r = resolveWorkspacePath(input, roots, style);
          if (!r.ok) {
            assert.ok(r.reason.length > 10, input);
            continue;
          }
          const root = roots.find((x) => x.name === r.root);
          assert.ok(root, input);
          assert.ok(isInside(root.path, r.absolute, style), `${JSON.stringify(input)} -> ${r.absolute}`);
          assert.ok(!r.relative.split('/').includes('..'), input);
          assert.ok(!r.relative.startsWith('/'), input);
          assert.ok(!/[\0-\x1f]/.test(r.absolute), input);
        }
      }
    });
  });

  describe('isAbsoluteAnyStyle', () => {
    it('knows absolute paths of every style', () => {
      for (const p of ['/x', '\\x', 'C:\\x', 'c:/x', 'C:x', '\\\\s\\x', '//s/x']) assert.equal(isAbsoluteAnyStyle(p), true, p);
      for (const p of ['x', './x', 'x/C:', '1:/x', '']) assert.equal(isAbsoluteAnyStyle(p), false, p);
    });
  });

  describe('isInside', () => {
    it('posix: the root itself and paths below it, never a sibling with the same prefix', () => {
      assert.equal(isInside('/w/proj', '/w/proj', 'posix'), true);
      assert.equal(isInside('/w/proj', '/w/proj/a/b', 'posix'), true);
      assert.equal(isInside('/w/proj/', '/w/proj', 'posix'), true);
      assert.equal(isInside('/w/proj', '/w/proj-evil/a', 'posix'), false);
      assert.equal(isInside('/w/proj', '/w', 'posix'), false);
      assert.equal(isInside('/w/proj', '/etc/passwd', 'posix'), false);
      assert.equal(isInside('/', '/etc', 'posix'), true);
    });

    it('posix: case matters; relative and dotted paths are outside', () => {
      assert.equal(isInside('/w/proj', '/W/proj/a', 'posix'), false);
      assert.equal(isInside('/w/proj', 'proj/a', 'posix'), false);
      assert.equal(isInside('/w/proj', '/w/proj/../etc', 'posix'), false);
      assert.equal(isInside('/w/proj', '/w/proj/./a', 'posix'), false);
      assert.equal(isInside('/w/./proj', '/w/proj/a', 'posix'), false);
      assert.equal(isInside('/w/proj', '/w/proj/a\0', 'posix'), false);
    });

    it('win32: drive letters and ASCII case ignored, either separator, \\\\?\\ prefixes removed', () => {
      assert.equal(isInside('C:\\Users\\u\\proj', 'c:\\users\\U\\PROJ\\src\\a.ts', 'win32'), true);
      assert.equal(isInside('C:\\Users\\u\\proj', 'C:/Users/u/proj/a', 'win32'), true);
      assert.equal(isInside('C:\\Users\\u\\proj', '\\\\?\\C:\\Users\\u\\proj\\a', 'win32'), true);
      assert.equal(isInside('\\\\srv\\share\\proj', '\\\\?\\UNC\\srv\\share\\proj\\a', 'win32'), true);
      assert.equal(isInside('\\\\srv\\share\\proj', '\\\\SRV\\Share\\proj', 'win32'), true);
      assert.equal(isInside('C:\\', 'C:\\x', 'win32'), true);
      assert.equal(isInside('C:', 'C:\\x', 'win32'), true);
    });

    it('win32: other drives, shares, siblings, devices and relative forms are outside', () => {
      assert.equal(isInside('C:\\proj', 'D:\\proj\\a', 'win32'), false);
      assert.equal(isInside('C:\\proj', 'C:\\proj2\\a', 'win32'), false);
      assert.equal(isInside('C:\\proj', 'C:\\', 'win32'), false);
      assert.equal(isInside('\\\\srv\\share\\proj', '\\\\srv\\other\\proj', 'win32'), false);
      assert.equal(isInside('C:\\proj', '\\\\.\\C:\\proj\\a', 'win32'), false);
      assert.equal(isInside('C:\\proj', 'C:proj\\a', 'win32'), false);
      assert.equal(isInside('C:\\proj', '\\proj\\a', 'win32'), false);
      assert.equal(isInside('C:\\proj', 'C:\\proj\\..\\x', 'win32'), false);
      assert.equal(isInside('\\\\srv', '\\\\srv\\share', 'win32'), false);
      assert.equal(isInside('\\\\srv', '\\\\srv', 'win32'), false);
      assert.equal(isInside('\\\\srv\\', '\\\\srv\\', 'win32'), false);
      assert.equal(isInside('\\\\\\share', '\\\\\\share\\x', 'win32'), false);
      assert.equal(isInside('\\\\?\\x', '\\\\?\\x\\y', 'win32'), false);
      assert.equal(isInside('\\\\.\\pipe', '\\\\.\\pipe\\x', 'win32'), false);
      assert.equal(isInside('C:\\proj', 'C:\\proj\\.\\a', 'win32'), false);
      // Prefixes and drives count only at the start.
      assert.equal(isInside('C:\\', '\\\\srv\\share\\C:\\x', 'win32'), false);
      assert.equal(isInside('C:\\a', 'C:\\a\\\\?\\UNC\\b', 'win32'), true);
      assert.equal(isInside('C:\\a', 'C:\\a\\\\?\\D:\\b', 'win32'), true);
      assert.equal(isInside('\\\\roj\\a', '\\proj\\a', 'win32'), false);
      assert.equal(isInside('\\\\srv\\share', '\\\\srv\\share\\c:', 'win32'), true);
      assert.equal(isInside('C:\\x', '\\\\c:\\x\\y', 'win32'), false);
    });

    it('win32: folds ASCII letters only, never more than Windows does', () => {
      // The Kelvin sign lowercases to "k" in JavaScript, but NTFS keeps it apart from K.
      assert.equal(isInside('C:\\k', 'C:\\\u212A\\x', 'win32'), false);
      assert.equal(isInside('C:\\Café', 'C:\\Café\\x', 'win32'), true);
    });

    it('is total on nonsense', () => {
      assert.equal(isInside(undefined as unknown as string, '/x', 'posix'), false);
      assert.equal(isInside('/x', null as unknown as string, 'win32'), false);
      assert.equal(isInside('', '', 'posix'), false);
    });
  });
});
