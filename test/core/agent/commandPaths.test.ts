import * as assert from 'node:assert/strict';
import { changeDirectory, locate, locatePath, normalize, scopeOf, styleOf } from '../../../src/core/agent/commandPaths';
import { parseShell } from '../../../src/core/agent/shellSyntax';
import type { SimpleCommand } from '../../../src/core/agent/shellSyntax';

const word = (text: string) => (parseShell(`x ${text}`).list.items[0].pipeline.commands[0] as SimpleCommand).words[1];
const POSIX = scopeOf(['/w/proj', '/w/other'], undefined);
const WIN = scopeOf(['C:\\w\\proj'], undefined);
const kind = (text: string, scope = POSIX) => locate(word(text), scope).kind;

describe('core/agent/commandPaths', () => {
  it('tells path styles apart', () => {
    assert.equal(styleOf('C:\\x'), 'win32');
    assert.equal(styleOf('c:/x'), 'win32');
    assert.equal(styleOf('\\\\srv\\s'), 'win32');
    assert.equal(styleOf('/x'), 'posix');
    assert.equal(styleOf('x'), 'posix');
  });

  it('normalizes absolute paths of each style and refuses relative ones', () => {
    assert.equal(normalize('/a/./b/../c//d/', 'posix'), '/a/c/d');
    assert.equal(normalize('/../..', 'posix'), '/');
    assert.equal(normalize('a/b', 'posix'), undefined);
    assert.equal(normalize('C:/a\\b/../c', 'win32'), 'C:\\a\\c');
    assert.equal(normalize('C:', 'win32'), 'C:\\');
    assert.equal(normalize('\\\\?\\C:\\a', 'win32'), 'C:\\a');
    assert.equal(normalize('\\\\srv\\share\\a\\..\\b', 'win32'), '\\\\srv\\share\\b');
    assert.equal(normalize('\\\\?\\UNC\\srv\\share\\a', 'win32'), '\\\\srv\\share\\a');
    assert.equal(normalize('C:a', 'win32'), undefined);
    assert.equal(normalize('\\a', 'win32'), undefined);
    assert.equal(normalize('\\\\.\\pipe\\x', 'win32'), undefined);
    assert.equal(normalize('\\\\srv', 'win32'), undefined);
  });

  it('starts in the given folder or the first workspace folder', () => {
    assert.deepEqual(POSIX, { roots: ['/w/proj', '/w/other'], style: 'posix', cwd: '/w/proj' });
    assert.equal(scopeOf(['/w/proj'], '/w/proj/sub/../pkg').cwd, '/w/proj/pkg');
    assert.equal(scopeOf(['/w/proj'], '').cwd, '/w/proj');
    assert.deepEqual(WIN, { roots: ['C:\\w\\proj'], style: 'win32', cwd: 'C:\\w\\proj' });
    // Roots that are not absolute paths are left out.
    assert.deepEqual(scopeOf(['rel', 3 as unknown as string, '/w/p'], undefined).roots, ['/w/p']);
  });

  it('without workspace folders, relative paths are inside and absolute ones outside', () => {
    const none = scopeOf(undefined, undefined);
    assert.equal(locatePath('src/a', none).kind, 'inside');
    assert.equal(locatePath('/etc/passwd', none).kind, 'outside');
    assert.equal(locatePath('../x', none).kind, 'outside');
    assert.equal(scopeOf([], '/tmp').cwd, scopeOf(undefined, undefined).cwd);
  });

  it('locates relative paths from the current folder, .. included', () => {
    assert.deepEqual(locate(word('src/a.ts'), POSIX), { kind: 'inside', abs: '/w/proj/src/a.ts', rel: 'src/a.ts' });
    assert.deepEqual(locate(word('.'), POSIX), { kind: 'inside', abs: '/w/proj', rel: '' });
    assert.deepEqual(locate(word('../other/x'), POSIX), { kind: 'inside', abs: '/w/other/x', rel: 'x' });
    assert.deepEqual(locate(word('../x'), POSIX), { kind: 'outside', abs: '/w/x' });
    assert.deepEqual(locate(word('a/../../../etc'), POSIX), { kind: 'outside', abs: '/etc' });
    assert.equal(kind('src\\a', WIN), 'inside');
    assert.equal(kind("'..\\..\\x'", WIN), 'outside');
  });

  it('locates absolute paths against every workspace folder', () => {
    assert.equal(kind('/w/proj/a'), 'inside');
    assert.equal(kind('/w/other'), 'inside');
    assert.equal(kind('/w/proj2'), 'outside');
    assert.equal(kind('/'), 'outside');
    assert.equal(kind("'C:\\w\\proj\\a'", WIN), 'inside');
    assert.equal(kind("'C:\\w\\x'", WIN), 'outside');
    assert.equal(kind('c:/W/PROJ/a', WIN), 'inside');
    assert.equal(kind("'\\\\srv\\share'", WIN), 'outside');
    // A path of the other style is outside.
    assert.equal(kind('/w/proj', WIN), 'outside');
    assert.equal(kind("'C:\\w\\proj'", POSIX), 'outside');
    assert.equal(kind('C:rel', WIN), 'outside');
  });

  it('knows ~, variables and substitutions are only known when they run', () => {
    assert.deepEqual(locate(word('~/x'), POSIX), { kind: 'outside', abs: '~/x' });
    assert.equal(kind("'~'"), 'inside');
    assert.equal(kind('$HOME/x'), 'unknown');
    assert.equal(kind('"$(pwd)"/x'), 'unknown');
    assert.equal(locatePath('x', { ...POSIX, cwd: undefined }).kind, 'unknown');
    assert.equal(locatePath('/w/proj/x', { ...POSIX, cwd: undefined }).kind, 'inside');
  });

  it('knows /dev/null, NUL, the standard streams and device files', () => {
    assert.equal(kind('/dev/null'), 'null');
    assert.equal(kind('NUL'), 'null');
    assert.equal(kind('nul:'), 'null');
    for (const s of ['/dev/stdout', '/dev/stderr', '/dev/stdin', '/dev/tty', '/dev/fd/2']) assert.equal(kind(s), 'stream', s);
    for (const d of ['/dev/sda', '/dev/nvme0n1', '/dev/null2', '/dev/fd/x']) assert.equal(kind(d), 'device', d);
    assert.equal(kind("'\\\\.\\PhysicalDrive0'", WIN), 'device');
    assert.equal(kind('//./PhysicalDrive0', WIN), 'device');
    assert.equal(kind('/DEV/NULL'), 'outside');
  });

  it('follows cd to a known folder, and loses track after an unknown one', () => {
    assert.equal(changeDirectory(word('sub'), POSIX), '/w/proj/sub');
    assert.equal(changeDirectory(word('/tmp'), POSIX), '/tmp');
    assert.equal(changeDirectory(word('..'), POSIX), '/w');
    assert.equal(changeDirectory(word('$DIR'), POSIX), undefined);
    assert.equal(changeDirectory(word('~'), POSIX), '~');
    assert.equal(changeDirectory(undefined, POSIX), undefined);
    assert.equal(locatePath('x', { ...POSIX, cwd: '~' }).kind, 'unknown');
  });
});
