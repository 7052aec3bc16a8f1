import * as assert from 'node:assert/strict';
import { parseAllowEntry, parseCommand } from '../../../src/core/agent/commandPolicy';

describe('core/agent/commandPolicy: parsing', () => {
  describe('parseAllowEntry', () => {
    it('reads literal words and a final * for any further arguments', () => {
      assert.deepEqual(parseAllowEntry('npm test'), { ok: true, tokens: ['npm', 'test'], rest: false, risky: false });
      assert.deepEqual(parseAllowEntry('git diff *'), { ok: true, tokens: ['git', 'diff'], rest: true, risky: true });
      assert.deepEqual(parseAllowEntry('  npm run "build all" '), { ok: true, tokens: ['npm', 'run', 'build all'], rest: false, risky: false });
      assert.deepEqual(parseAllowEntry("npm test '*'"), { ok: true, tokens: ['npm', 'test', '*'], rest: false, risky: false });
      assert.deepEqual(parseAllowEntry('npm run test:unit *'), { ok: true, tokens: ['npm', 'run', 'test:unit'], rest: true, risky: false });
    });

    it('marks entries that hand every argument to a program that runs programs', () => {
      for (const e of ['bash *', 'sh -c *', 'python3 *', 'node *', 'env *', 'xargs *', 'find *', 'sed *', 'npx *', 'eval *', 'npm *', 'make *']) {
        const r = parseAllowEntry(e);
        assert.ok(r.ok && r.risky, e);
      }
      for (const e of ['bash build.sh', 'npm test', 'npm run lint *', 'ls -la *', 'cargo test *']) {
        const r = parseAllowEntry(e);
        assert.ok(r.ok && !r.risky, e);
      }
    });

    it('refuses what is not one plain command', () => {
      const bad: [string, RegExp][] = [
        ['', /empty/],
        ['   ', /empty/],
        ['*', /must start with a command name/],
        ['npm test; rm x', /one command/],
        ['npm test && x', /one command/],
        ['npm test | cat', /one command/],
        ['npm test &', /one command/],
        ['npm test # x', /one command/],
        ['(npm test)', /one command/],
        ['npm test > x', /words only/],
        ['A=1 npm test', /words only/],
        ['if npm test', /words only/],
        ['for x in y', /words only/],
        ['git * status', /Only a final \*/],
        ['git diff *.ts', /Only a final \*/],
        ['ls ~', /Only a final \*/],
        ['echo $HOME', /Only a final \*/],
        ['echo $(id)', /Only a final \*/],
        ["npm test 'x", /cannot be read/],
      ];
      for (const [entry, why] of bad) {
        const r = parseAllowEntry(entry);
        assert.equal(r.ok, false, entry);
        if (!r.ok) assert.match(r.error, why, entry);
      }
      assert.equal(parseAllowEntry(7 as unknown as string).ok, false);
    });
  });

  describe('parseCommand', () => {
    it('lists the parts with their words, text and assignments', () => {
      const p = parseCommand('A=1 npm test && git status');
      assert.deepEqual(p.parts, [
        { argv: ['npm', 'test'], text: 'A=1 npm test', assignments: ['A=1'], nested: false },
        { argv: ['git', 'status'], text: 'git status', assignments: [], nested: false },
      ]);
      assert.equal(p.chained, true);
      assert.equal(p.error, undefined);
      assert.deepEqual(p.errors, []);
    });

    it('says which features the line uses', () => {
      const none = parseCommand('npm test');
      assert.deepEqual(
        [none.chained, none.piped, none.substitution, none.background, none.subshell, none.functions, none.comment, none.redirects],
        [false, false, false, false, false, false, false, []],
      );
      assert.equal(parseCommand('a | b').piped, true);
      assert.equal(parseCommand('a | b').chained, false);
      assert.equal(parseCommand('a; b').chained, true);
      assert.equal(parseCommand('a\nb').chained, true);
      assert.equal(parseCommand('a || b').chained, true);
      assert.equal(parseCommand('a &').background, true);
      assert.equal(parseCommand('a &').chained, false);
      assert.equal(parseCommand('a & b').background, true);
      assert.equal(parseCommand('echo $(id)').substitution, true);
      assert.equal(parseCommand('echo `id`').substitution, true);
      assert.equal(parseCommand('echo "$(id)"').substitution, true);
      assert.equal(parseCommand('cat <(id)').substitution, true);
      assert.equal(parseCommand('echo $((1+1))').substitution, true);
      assert.equal(parseCommand("echo '$(id)'").substitution, false);
      assert.equal(parseCommand('cat <<EOF\n$(id)\nEOF').substitution, true);
      assert.equal(parseCommand("cat <<'EOF'\n$(id)\nEOF").substitution, false);
      assert.equal(parseCommand('(a)').subshell, true);
      assert.equal(parseCommand('{ a; }').subshell, true);
      assert.equal(parseCommand('f() { a; }').functions, true);
      assert.equal(parseCommand('a # b').comment, true);
      assert.deepEqual(parseCommand('a > x 2>&1 < y').redirects, [
        { op: '>', target: 'x' },
        { op: '2>&', target: '1' },
        { op: '<', target: 'y' },
      ]);
      assert.deepEqual(parseCommand('(a) > x').redirects, [{ op: '>', target: 'x' }]);
      assert.deepEqual(parseCommand('a >').redirects, [{ op: '>', target: '' }]);
    });

    it('marks commands inside substitutions and function bodies as nested', () => {
      const p = parseCommand('echo $(id) && (ls) && f() { rm x; }');
      assert.deepEqual(
        p.parts.map((x) => [x.argv[0], x.nested]),
        [
          ['echo', false],
          ['id', true],
          ['ls', false],
          ['rm', true],
        ],
      );
      assert.equal(parseCommand('a > $(b)').parts[1].nested, true);
      assert.equal(parseCommand('a <<EOF\n$(b)\nEOF').parts[1].nested, true);
    });

    it('puts the keyword first in a for or case header', () => {
      assert.deepEqual(parseCommand('for f in a b; do echo $f; done').parts.map((x) => x.argv), [['for', 'f', 'in', 'a', 'b'], ['echo', '$f'], []]);
    });

    it('reports the first error', () => {
      const p = parseCommand('echo "unbalanced');
      assert.equal(p.error, 'A double quote is not closed.');
      assert.deepEqual(p.parts[0].argv, ['echo', 'unbalanced']);
    });
  });
});
