import * as assert from 'node:assert/strict';
import { commandName, isInterpreter, unwrap } from '../../../src/core/agent/commandWrappers';
import { parseShell } from '../../../src/core/agent/shellSyntax';
import type { SimpleCommand } from '../../../src/core/agent/shellSyntax';

const words = (line: string) => (parseShell(line).list.items[0].pipeline.commands[0] as SimpleCommand).words;
const un = (line: string) => unwrap(words(line));
const innerOf = (line: string) => {
  const u = un(line);
  assert.equal(u.kind, 'inner', `${line}: ${JSON.stringify(u)}`);
  return u.kind === 'inner' ? u.inner.map((w) => w.value) : [];
};
const sourceOf = (line: string) => {
  const u = un(line);
  assert.equal(u.kind, 'string', `${line}: ${JSON.stringify(u)}`);
  return u.kind === 'string' ? u.source : '';
};

describe('core/agent/commandWrappers', () => {
  it('names commands without folder, case or Windows extension', () => {
    assert.equal(commandName('/bin/RM'), 'rm');
    assert.equal(commandName('C:\\Windows\\System32\\CMD.EXE'), 'cmd');
    assert.equal(commandName('script.ps1'), 'script');
    assert.equal(commandName('npm.cmd'), 'npm');
    assert.equal(commandName('x.bat'), 'x');
    assert.equal(commandName('x.com'), 'x');
    assert.equal(commandName('a.exe.b'), 'a.exe.b');
    assert.equal(commandName(''), '');
  });

  it('knows python by its versioned names only', () => {
    for (const n of ['python', 'python3', 'python3.12', 'py']) assert.equal(isInterpreter(n), true, n);
    for (const n of ['mypython3', 'cpython', 'pyx', '']) assert.equal(isInterpreter(n), false, n);
  });

  it('knows the interpreters', () => {
    for (const n of ['sh', 'bash', 'zsh', 'python', 'python3', 'python3.12', 'py', 'node', 'perl', 'ruby', 'pwsh', 'powershell', 'cmd', 'eval', 'source', '.', 'iex', 'invoke-expression', 'deno', 'php']) assert.equal(isInterpreter(n), true, n);
    for (const n of ['npm', 'git', 'pythonx', 'ls', 'nodemon']) assert.equal(isInterpreter(n), false, n);
  });

  describe('unwrap', () => {
    it('leaves ordinary commands alone', () => {
      assert.deepEqual(un('npm test'), { kind: 'plain' });
      assert.deepEqual(un('git status'), { kind: 'plain' });
    });

    it('looks through env, with its options, assignments and folder', () => {
      assert.deepEqual(innerOf('env npm test'), ['npm', 'test']);
      assert.deepEqual(innerOf('env -i -0 --ignore-environment -uX -u Y --unset Z -P /p -- npm test'), ['npm', 'test']);
      const u = un('env A=1 B=2 npm test');
      assert.ok(u.kind === 'inner' && u.asks.some((a) => /environment variables/.test(a)));
      const c = un('env -C /tmp rm x');
      assert.ok(c.kind === 'inner' && c.cwd?.value === '/tmp' && c.asks.some((a) => /another folder/.test(a)));
      const c2 = un('env --chdir=/tmp rm x');
      assert.ok(c2.kind === 'inner' && c2.cwd === null);
      const c3 = un('env -C');
      assert.deepEqual(c3, { kind: 'plain' });
      assert.deepEqual(un('env'), { kind: 'plain' });
      assert.deepEqual(un('env A=1'), { kind: 'plain' });
      assert.equal(sourceOf('env -S "rm -rf ~" x'), 'rm -rf ~ x');
      assert.equal(sourceOf('env -S"rm -rf ~"'), 'rm -rf ~');
      assert.equal(sourceOf('env --split-string="rm -rf ~"'), 'rm -rf ~');
      assert.equal(sourceOf('env --split-string "rm -rf ~"'), 'rm -rf ~');
    });

    it('looks through command, nohup, exec, time, nice, timeout, stdbuf, busybox and builtin', () => {
      assert.deepEqual(innerOf('command -p rm x'), ['rm', 'x']);
      assert.deepEqual(un('command -v rm'), { kind: 'plain' });
      assert.deepEqual(un('command -V rm'), { kind: 'plain' });
      assert.deepEqual(innerOf('nohup -- rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('exec -a name -c rm x'), ['rm', 'x']);
      assert.deepEqual(un('exec'), { kind: 'plain' });
      assert.deepEqual(innerOf('/usr/bin/time -o out -f "%e" -p rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('nice -n 10 rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('nice -10 rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('timeout -s KILL -k 5 30 rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('timeout 30s rm x'), ['rm', 'x']);
      assert.deepEqual(un('timeout 30'), { kind: 'plain' });
      assert.deepEqual(innerOf('stdbuf -o L -eL rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('busybox rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('builtin cd x'), ['cd', 'x']);
    });

    it('skips the value of every option that takes one, so the value is never taken for the command', () => {
      const withValue: Record<string, string[]> = {
        sudo: ['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '-R', '--user', '--group', '--host', '--prompt', '--close-from', '--chdir', '--role', '--type', '--other-user', '--command-timeout', '--chroot'],
        xargs: ['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--eof', '--replace', '--max-lines', '--max-args', '--max-procs', '--max-chars', '--process-slot-var'],
        stdbuf: ['-i', '-o', '-e', '--input', '--output', '--error'],
        nice: ['-n', '--adjustment'],
        '/usr/bin/time': ['-o', '-f', '--output', '--format'],
        exec: ['-a'],
        env: ['-u', '--unset', '-P'],
      };
      for (const [wrapper, options] of Object.entries(withValue)) {
        for (const o of options) assert.deepEqual(innerOf(`${wrapper} ${o} VALUE rm x`), ['rm', 'x'], `${wrapper} ${o}`);
      }
      for (const o of ['-s', '--signal', '-k', '--kill-after']) assert.deepEqual(innerOf(`timeout ${o} VALUE 5 rm x`), ['rm', 'x'], `timeout ${o}`);
      assert.equal(sourceOf('watch --interval 2 rm x'), 'rm x');
      assert.deepEqual(innerOf('watch --exec rm x'), ['rm', 'x']);
      // A flag without a value is one word.
      assert.deepEqual(innerOf('sudo -E rm x'), ['rm', 'x']);
      assert.deepEqual(innerOf('xargs -0 rm x'), ['rm', 'x']);
      // -- ends the options; a lone - is not one.
      assert.deepEqual(innerOf('nohup -- -x'), ['-x']);
      assert.deepEqual(innerOf('nohup - x'), ['-', 'x']);
    });

    it('gives no danger or question of its own for a wrapper that only runs another command', () => {
      for (const line of ['nohup rm x', '/usr/bin/time rm x', 'nice rm x', 'stdbuf -oL rm x', 'timeout 5 rm x', 'exec rm x', 'command rm x', 'busybox rm x', 'env rm x', 'watch -x rm x']) {
        const u = un(line);
        assert.ok(u.kind === 'inner' && u.dangers.length === 0 && u.asks.length === 0 && u.extraArg === undefined, line);
      }
      const s = un('sh -c x');
      assert.ok(s.kind === 'string' && s.dangers.length === 0);
      for (const line of ['watch x', 'eval x', 'iex x', 'cmd /c x', 'env -S x', 'pwsh -c x']) {
        const w = un(line);
        assert.ok(w.kind === 'string' && w.dangers.length === 0, line);
      }
    });

    it('reads su and runas with their danger, and the command after su -c only', () => {
      const su = un('su -c "rm x" root');
      assert.ok(su.kind === 'string' && su.dangers.length === 1 && /administrator \(su\)/.test(su.dangers[0]));
      assert.equal(sourceOf('su root -c id'), 'id');
      assert.deepEqual(un('su -'), { kind: 'stdin', wrapper: 'su', dangers: ['Runs a command as administrator (su).'] });
      const ra = un('runas /user:x "a b" c');
      assert.ok(ra.kind === 'string' && ra.source === 'a b c' && ra.dangers.length === 1 && /runas/.test(ra.dangers[0]));
      assert.equal(un('c -c x').kind, 'plain');
    });

    it('reads command -v and -V as a lookup only, wherever they stand among its options', () => {
      assert.deepEqual(un('command -pv rm'), { kind: 'plain' });
      assert.deepEqual(innerOf('command -p rm -v'), ['rm', '-v']);
      assert.deepEqual(innerOf('command rm -v'), ['rm', '-v']);
      assert.deepEqual(innerOf('command -- -v x'), ['-v', 'x']);
    });

    it('reads watch as a command line, or as a command with -x', () => {
      assert.equal(sourceOf('watch -n 1 "rm -rf ~"'), 'rm -rf ~');
      assert.equal(sourceOf('watch ls -la'), 'ls -la');
      assert.deepEqual(innerOf('watch -x rm x'), ['rm', 'x']);
      assert.deepEqual(un('watch'), { kind: 'plain' });
    });

    it('looks through xargs, with its options, appending arguments, and marks deleting', () => {
      const u = un('xargs -0 -n 1 -I {} -P4 rm -f');
      assert.ok(u.kind === 'inner' && u.extraArg === true);
      assert.ok(u.kind === 'inner' && u.dangers.some((d) => /Deletes every file named in its input \(xargs rm\)/.test(d)));
      assert.deepEqual(innerOf('xargs --max-args 2 --replace {} wc -l'), ['wc', '-l']);
      const w = un('xargs wc -l');
      assert.ok(w.kind === 'inner' && w.dangers.length === 0);
      assert.deepEqual(un('xargs'), { kind: 'plain' });
      for (const r of ['rm', 'unlink', 'shred', '/bin/rm', 'del']) {
        const d = un(`xargs ${r}`);
        assert.ok(d.kind === 'inner' && d.dangers.length === 1, r);
      }
    });

    it('looks through sudo, doas, pkexec and gsudo, marking them dangerous', () => {
      for (const line of ['sudo -u root -E rm x', 'doas -u root rm x', 'pkexec --user root rm x', 'gsudo rm x', 'sudo -- rm x']) {
        const u = un(line);
        assert.ok(u.kind === 'inner' && u.dangers.some((d) => /administrator/.test(d)), line);
        assert.deepEqual(innerOf(line), ['rm', 'x'], line);
      }
      const s = un('sudo -i');
      assert.ok(s.kind === 'stdin' && s.dangers.length === 1);
    });

    it('reads su -c, runas, eval, iex and cmd /c as command lines', () => {
      assert.equal(sourceOf('su -c "rm -rf /" root'), 'rm -rf /');
      assert.equal(sourceOf('su --command "rm x"'), 'rm x');
      assert.equal(sourceOf('su --command=id'), 'id');
      const su = un('su root');
      assert.ok(su.kind === 'stdin' && su.dangers.length === 1);
      assert.equal(sourceOf('runas /user:admin "cmd /c del x"'), 'cmd /c del x');
      assert.equal(sourceOf('eval "rm -rf" ~'), 'rm -rf ~');
      assert.deepEqual(un('eval'), { kind: 'plain' });
      assert.equal(sourceOf('iex "rm x"'), 'rm x');
      assert.equal(sourceOf('Invoke-Expression -Command "rm x"'), 'rm x');
      assert.equal(un('iex').kind, 'stdin');
      assert.equal(sourceOf('cmd /d /c del /s x'), 'del /s x');
      assert.equal(sourceOf('cmd.exe /K dir'), 'dir');
      assert.equal(un('cmd').kind, 'stdin');
      assert.equal(un('cmd /q').kind, 'stdin');
      assert.deepEqual(un('cmd x'), { kind: 'plain' });
    });

    it('reads shells: -c strings, code from input, and scripts', () => {
      assert.equal(sourceOf('bash -c "rm -rf ~"'), 'rm -rf ~');
      assert.equal(sourceOf('sh -ec "rm x" name arg'), 'rm x');
      assert.equal(sourceOf('bash -lc "rm x"'), 'rm x');
      assert.equal(sourceOf('bash --norc -o pipefail -c "rm x"'), 'rm x');
      assert.equal(sourceOf('bash -euo pipefail -c "rm x"'), 'rm x');
      assert.equal(sourceOf('zsh -c'), '');
      assert.equal(un('bash').kind, 'stdin');
      assert.equal(un('sh -s -- --flag').kind, 'stdin');
      assert.equal(un('bash -').kind, 'stdin');
      assert.equal(un('bash -x').kind, 'stdin');
      assert.deepEqual(un('bash script.sh'), { kind: 'plain' });
      assert.deepEqual(un('bash --rcfile rc script.sh'), { kind: 'plain' });
      assert.deepEqual(un('sh +x script.sh'), { kind: 'plain' });
    });

    it('reads PowerShell: -Command, encoded commands, files and code from input', () => {
      assert.equal(sourceOf('pwsh -NoProfile -c "Remove-Item x"'), 'Remove-Item x');
      assert.equal(sourceOf('powershell -ExecutionPolicy Bypass -Command Remove-Item x'), 'Remove-Item x');
      assert.equal(sourceOf('powershell -ep Bypass -Command x'), 'x');
      assert.equal(sourceOf('powershell "Remove-Item x"'), 'Remove-Item x');
      assert.deepEqual(un('pwsh script.ps1'), { kind: 'plain' });
      assert.deepEqual(un('pwsh -File script.ps1'), { kind: 'plain' });
      assert.deepEqual(un('pwsh -f script.ps1'), { kind: 'plain' });
      for (const e of ['-e', '-ec', '-enc', '-EncodedCommand', '/enc']) {
        const u = un(`powershell ${e} ZQBjAGgAbwA=`);
        assert.equal(u.kind, 'opaque', e);
      }
      assert.equal(un('pwsh -ex Bypass -c x').kind, 'string');
      assert.equal(un('pwsh').kind, 'stdin');
      assert.equal(un('pwsh -Command -').kind, 'stdin');
      assert.equal(un('pwsh -c').kind, 'stdin');
      assert.equal(un('pwsh -NoLogo -WindowStyle Hidden').kind, 'stdin');
    });

    it('reads interpreters: inline code is a command of its own, no script is code from input', () => {
      assert.equal(un('python3').kind, 'stdin');
      assert.equal(un('python3 -u').kind, 'stdin');
      assert.equal(un('python -').kind, 'stdin');
      assert.equal(un('node /dev/stdin').kind, 'stdin');
      assert.equal(un('perl - x').kind, 'stdin');
      assert.deepEqual(un('python3 -m json.tool'), { kind: 'plain' });
      assert.deepEqual(un('python -c "print(1)"'), { kind: 'plain' });
      assert.deepEqual(un('node -e "x"'), { kind: 'plain' });
      assert.deepEqual(un('node --eval x'), { kind: 'plain' });
      assert.deepEqual(un('node script.js'), { kind: 'plain' });
      assert.deepEqual(un('ruby -e x'), { kind: 'plain' });
      assert.deepEqual(un('php -r x'), { kind: 'plain' });
      assert.equal(un('source /dev/stdin').kind, 'stdin');
      assert.equal(un('. -').kind, 'stdin');
      assert.deepEqual(un('source env.sh'), { kind: 'plain' });
    });
  });
});
