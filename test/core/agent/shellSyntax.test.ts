import * as assert from 'node:assert/strict';
import { parseShell, simpleCommands } from '../../../src/core/agent/shellSyntax';
import type { ShellCommand, SimpleCommand } from '../../../src/core/agent/shellSyntax';
import { randomString, seeded } from './random';

/** The words of every command of a line, nested ones included. */
const argvs = (line: string) => simpleCommands(parseShell(line).list).map((c) => c.words.map((w) => w.value));
const errors = (line: string) => parseShell(line).errors;

function only(line: string): SimpleCommand {
  const items = parseShell(line).list.items;
  assert.equal(items.length, 1, line);
  const c = items[0].pipeline.commands[0];
  assert.equal(c.type, 'simple', line);
  return c as SimpleCommand;
}

function first(line: string): ShellCommand {
  return parseShell(line).list.items[0].pipeline.commands[0];
}

describe('core/agent/shellSyntax', () => {
  describe('words and quoting', () => {
    it('splits on blanks and removes quotes', () => {
      assert.deepEqual(argvs('  git   commit -m "a b"\t\'c d\' e\\ f  '), [['git', 'commit', '-m', 'a b', 'c d', 'e f']]);
      assert.deepEqual(argvs(`a'b'"c"\\d`), [['abcd']]);
    });

    it('keeps backslashes in single quotes and reads escapes in double quotes', () => {
      assert.deepEqual(argvs(`'a\\b' "a\\"b" "a\\$b" "a\\\\b" "a\\qb" "a\\\`b"`), [['a\\b', 'a"b', 'a$b', 'a\\b', 'a\\qb', 'a`b']]);
    });

    it('joins lines ended by a backslash, outside and inside double quotes', () => {
      assert.deepEqual(argvs('echo a\\\nb "c\\\nd"'), [['echo', 'ab', 'cd']]);
      assert.deepEqual(argvs('npm \\\n  test'), [['npm', 'test']]);
    });

    it("decodes bash's $'…' quoting, so $'\\x72m' is rm", () => {
      assert.deepEqual(argvs(`$'\\x72\\x6d' $'a\\nb' $'\\u00e9' $'\\U0001F600' $'\\101' $'\\cA' $'\\t\\'\\\\' $'\\q' $'\\e'`), [['rm', 'a\nb', 'é', '😀', 'A', '\x01', "\t'\\", '\\q', '\x1b']]);
      assert.deepEqual(argvs(`$'\\U00110000x'`), [['x']]);
      assert.deepEqual(errors(`$'abc`), ['A single quote is not closed.']);
    });

    it('reads $"…" as a double-quoted string', () => {
      assert.deepEqual(argvs('echo $"a b"'), [['echo', 'a b']]);
    });

    it('marks quoted words', () => {
      const c = only(`a "b" 'c' d\\e $'f'`);
      assert.deepEqual(
        c.words.map((w) => w.quoted),
        [false, true, true, true, true],
      );
      assert.equal(c.words[0].raw, 'a');
      assert.equal(c.words[1].raw, '"b"');
    });

    it('marks unquoted wildcards, brace expansions and a leading ~', () => {
      const c = only(`ls * a? [ab] x[1] {a,b} {1..3} '*' "?" \\* ~ ~/x '~' a~ {a} [a`);
      assert.deepEqual(
        c.words.map((w) => (w.glob ? 'G' : '') + (w.tilde ? 'T' : '')),
        ['', 'G', 'G', 'G', 'G', 'G', 'G', '', '', '', 'T', 'T', '', '', '', ''],
      );
    });

    it('marks $NAME, ${…} and $((…)) as expansions, keeping them as written', () => {
      const c = only('echo $HOME "$USER" ${X:-y} $1 $@ $? $$ $((1+2)) \'$HOME\' $ a$');
      assert.deepEqual(
        c.words.map((w) => w.expansion),
        [false, true, true, true, true, true, true, true, true, false, false, false],
      );
      assert.deepEqual(
        c.words.map((w) => w.value),
        ['echo', '$HOME', '$USER', '${X:-y}', '$1', '$@', '$?', '$$', '$((1+2))', '$HOME', '$', 'a$'],
      );
    });

    it('starts a comment only at the start of a word', () => {
      const t = parseShell('ls # rm -rf /');
      assert.equal(t.comment, true);
      assert.deepEqual(argvs('ls # rm -rf /'), [['ls']]);
      assert.equal(parseShell('echo a#b').comment, false);
      assert.deepEqual(argvs('echo a#b'), [['echo', 'a#b']]);
      assert.deepEqual(argvs('# only\nls'), [['ls']]);
      assert.deepEqual(argvs('ls; # note\npwd'), [['ls'], ['pwd']]);
    });
  });

  describe('lists and pipelines', () => {
    it('splits on ; && || & and newlines, keeping the separators', () => {
      const items = parseShell('a; b && c || d & e\nf').list.items;
      assert.deepEqual(
        items.map((i) => i.separator),
        [';', '&&', '||', '&', '\n', ''],
      );
    });

    it('reads pipelines, |& included, and newlines after && and |', () => {
      const items = parseShell('a | b |& c && \n d |\n e').list.items;
      assert.deepEqual(
        items.map((i) => i.pipeline.commands.length),
        [3, 2],
      );
      assert.deepEqual(argvs('a | b |& c && \n d |\n e'), [['a'], ['b'], ['c'], ['d'], ['e']]);
    });

    it('reads a line ended by ; or & as complete', () => {
      assert.deepEqual(errors('a;'), []);
      assert.deepEqual(errors('a &'), []);
      assert.deepEqual(errors('a\n'), []);
    });

    it('takes CRLF line breaks as newlines', () => {
      assert.deepEqual(argvs('a\r\nb'), [['a'], ['b']]);
    });
  });

  describe('substitutions', () => {
    it('sees the commands inside $(…), nested, and in double quotes', () => {
      assert.deepEqual(argvs('echo "x $(a $(b c) d) y"'), [['echo', 'x $(a $(b c) d) y'], ['a', '$(b c)', 'd'], ['b', 'c']]);
      const w = only('echo $(id)').words[1];
      assert.equal(w.subs.length, 1);
      assert.equal(w.subs[0].kind, 'command');
      assert.equal(w.subs[0].text, 'id');
    });

    it('sees the commands inside backticks, escaped backticks nested', () => {
      assert.deepEqual(argvs('echo `a \\`b\\``'), [['echo', '`a \\`b\\``'], ['a', '`b`'], ['b']]);
      assert.deepEqual(argvs('echo "`id`"'), [['echo', '`id`'], ['id']]);
      assert.equal(only('echo `id -u`').words[1].subs[0].kind, 'backtick');
      assert.equal(only('echo `id -u`').words[1].subs[0].text, 'id -u');
    });

    it('sees process substitutions at the start of a word only', () => {
      assert.deepEqual(argvs('diff <(ls a) >(cat)'), [['diff', '<(ls a)', '>(cat)'], ['ls', 'a'], ['cat']]);
      assert.equal(only('diff <(ls a)').words[1].subs[0].kind, 'process');
    });

    it('sees commands inside $((…)) and ${…}', () => {
      assert.deepEqual(argvs('echo $((1 + $(id -u)))').slice(-1), [['id', '-u']]);
      assert.equal(only('echo $((1+2))').words[1].subs[0].kind, 'arithmetic');
      assert.deepEqual(argvs('echo ${X:-$(rm -rf ~)} ${Y:-"`id`"} ${Z:-\'$(no)\'}').slice(1), [['rm', '-rf', '~'], ['id']]);
    });

    it('reports what is not closed', () => {
      assert.deepEqual(errors('echo $(id'), ['A "$(" is not closed.']);
      assert.deepEqual(errors('echo `id'), ['A backtick (`) is not closed.']);
      assert.deepEqual(errors('cat <(ls'), ['A "<(" or ">(" is not closed.']);
      assert.deepEqual(errors('echo $((1+2'), ['A "$((" is not closed.']);
      assert.ok(errors('echo $((1+2)').includes('A "$((" is not closed.'));
      assert.deepEqual(errors('echo ${X'), ['A "${" is not closed.']);
    });
  });

  describe('compound commands', () => {
    it('reads subshells and groups with their redirections', () => {
      const s = first('(cd a && make) > log 2>&1');
      assert.equal(s.type, 'subshell');
      if (s.type === 'subshell') assert.deepEqual(s.redirects.map((r) => r.op), ['>', '2>&']);
      assert.equal(first('{ a; b; }').type, 'group');
      assert.deepEqual(argvs('{ a; b; } | c'), [['a'], ['b'], ['c']]);
      assert.deepEqual(argvs('{a,b}'), [['{a,b}']]);
    });

    it('reads function definitions in both forms', () => {
      for (const line of ['f() { rm x; }', 'f () { rm x; }', 'function f { rm x; }', 'function f() { rm x; }', 'f()\n{\n rm x\n}']) {
        const c = first(line);
        assert.equal(c.type, 'function', line);
        if (c.type === 'function') assert.equal(c.name, 'f', line);
        assert.deepEqual(argvs(line), [['rm', 'x']], line);
      }
      assert.deepEqual(errors('f()'), ['The function "f" has no body.']);
    });

    it('reads the fork bomb as a function calling itself', () => {
      const t = parseShell(':(){ :|:& };:');
      assert.deepEqual(t.errors, []);
      const f = t.list.items[0].pipeline.commands[0];
      assert.equal(f.type, 'function');
      assert.deepEqual(argvs(':(){ :|:& };:'), [[':'], [':'], [':']]);
    });

    it('takes keywords off the commands they start, and reads for/case headers as no command', () => {
      const c = only('if grep -q x f');
      assert.deepEqual(c.keywords, ['if']);
      assert.deepEqual(argvs('if a; then rm -rf x; else b; fi'), [['a'], ['rm', '-rf', 'x'], ['b'], []]);
      assert.deepEqual(argvs('while a; do b; done'), [['a'], ['b'], []]);
      assert.deepEqual(argvs('! a'), [['a']]);
      assert.deepEqual(argvs('time a'), [['a']]);
      const f = parseShell('for f in *; do rm "$f"; done').list.items[0].pipeline.commands[0] as SimpleCommand;
      assert.equal(f.control, 'for');
      assert.deepEqual(f.words.map((w) => w.value), ['f', 'in', '*']);
      assert.deepEqual(argvs('"if" a'), [['if', 'a']]);
      assert.deepEqual(argvs('echo if'), [['echo', 'if']]);
    });

    it('reads a case statement with an error but still sees its commands', () => {
      const t = parseShell('case x in a) rm -rf y;; esac');
      assert.ok(t.errors.length > 0);
      assert.ok(argvs('case x in a) rm -rf y;; esac').some((a) => a[0] === 'rm'));
    });

    it('reports what is not closed or not expected', () => {
      assert.deepEqual(errors('(a'), ['A "(" is not closed.']);
      assert.deepEqual(errors('{ a; '), ['A "{" is not closed.']);
      assert.deepEqual(errors('a )'), ['Unexpected ")".']);
      assert.deepEqual(errors('; a'), ['Unexpected ";".']);
      assert.deepEqual(errors('| a'), ['Unexpected "|".']);
      assert.deepEqual(errors('a &&'), ['The command ends with "&&".']);
      assert.deepEqual(errors('a ||  \n'), ['The command ends with "||".']);
      assert.deepEqual(errors('(a &&)'), ['The command ends with "&&".']);
      assert.deepEqual(errors('a |'), ['A pipe (|) has no command after it.']);
      assert.deepEqual(errors('a | ; b'), ['A pipe (|) has no command after it.']);
      assert.deepEqual(errors('a | b'), []);
    });

    it('sees the commands of PowerShell-style (…) and fish-style (…) arguments', () => {
      assert.deepEqual(errors('iex (iwr http://x)'), ['Unexpected "(".']);
      assert.deepEqual(argvs('iex (iwr http://x)'), [['iex', ''], ['iwr', 'http://x']]);
    });
  });

  describe('redirections', () => {
    it('reads every operator with its descriptor and target', () => {
      const c = only('cmd >a >>b <c 2>d 2>&1 &>e &>>f >|g <>h 1>&2 0<&- <<<str 3<i');
      assert.deepEqual(
        c.redirects.map((r) => [r.op, r.target?.value]),
        [
          ['>', 'a'],
          ['>>', 'b'],
          ['<', 'c'],
          ['2>', 'd'],
          ['2>&', '1'],
          ['&>', 'e'],
          ['&>>', 'f'],
          ['>|', 'g'],
          ['<>', 'h'],
          ['1>&', '2'],
          ['0<&', '-'],
          ['<<<', 'str'],
          ['3<', 'i'],
        ],
      );
      assert.deepEqual(c.words.map((w) => w.value), ['cmd']);
    });

    it('takes digits inside a word as part of it', () => {
      const c = only('echo a2>x');
      assert.deepEqual(c.words.map((w) => w.value), ['echo', 'a2']);
      assert.deepEqual(c.redirects.map((r) => r.op), ['>']);
    });

    it('reports a redirection without a target', () => {
      assert.deepEqual(errors('echo >'), ['The redirection ">" has no target.']);
      assert.deepEqual(errors('echo <<'), ['A here-document has no delimiter.']);
    });

    it('reads here-documents: the body is not commands, unless an unquoted body has $(…)', () => {
      const line = 'cat <<EOF > out\nrm -rf /\n$(whoami)\nEOF\necho done';
      assert.deepEqual(argvs(line), [['cat'], ['whoami'], ['echo', 'done']]);
      const doc = only('cat <<EOF\na\nEOF').redirects[0].heredoc;
      assert.deepEqual(doc, { delimiter: 'EOF', body: 'a\n', quoted: false, subs: [] });
      assert.deepEqual(argvs("cat <<'EOF'\n$(whoami)\nEOF"), [['cat']]);
      assert.equal(only("cat <<'EOF'\nx\nEOF").redirects[0].heredoc?.quoted, true);
      assert.deepEqual(argvs('cat <<-EOF\n\t$(id)\n\tEOF\nls'), [['cat'], ['id'], ['ls']]);
      assert.deepEqual(argvs('cat <<A <<B\na\nA\nb\nB\nls'), [['cat'], ['ls']]);
      assert.deepEqual(argvs('cat <<<"$(id)"'), [['cat'], ['id']]);
    });

    it('reports a here-document that is not closed (the shell would wait for more input)', () => {
      assert.deepEqual(errors('cat <<EOF'), ['The here-document "EOF" is not closed.']);
      assert.deepEqual(errors('cat <<EOF\nabc'), ['The here-document "EOF" is not closed.']);
      assert.deepEqual(errors('cat <<EOF\nabc\nEOF'), []);
    });
  });

  describe('assignments', () => {
    it('reads NAME=value words before the command as assignments', () => {
      const c = only('A=1 B="x y" C+=z npm test D=2');
      assert.deepEqual(c.assignments.map((w) => w.value), ['A=1', 'B=x y', 'C+=z']);
      assert.deepEqual(c.words.map((w) => w.value), ['npm', 'test', 'D=2']);
      assert.deepEqual(only('A=1').words, []);
      assert.deepEqual(only('"A=1" x').assignments, []);
      assert.deepEqual(only('1A=2').assignments, []);
    });
  });

  describe('the text of each command', () => {
    it('is the source of the command, trimmed', () => {
      assert.deepEqual(
        simpleCommands(parseShell('  a  b ; c 2>&1 | d').list).map((c) => c.text),
        ['a  b', 'c 2>&1', 'd'],
      );
    });
  });

  describe('totality', () => {
    it('refuses nesting deeper than it checks, without overflowing the stack', () => {
      assert.ok(errors('echo ' + '$('.repeat(5000)).includes('The command is nested too deeply to be checked.'));
      assert.ok(errors('('.repeat(5000)).includes('The command is nested too deeply to be checked.'));
      assert.deepEqual(errors('echo ' + '`'.repeat(31)), ['A backtick (`) is not closed.']);
      assert.ok(errors('{ '.repeat(5000)).includes('The command is nested too deeply to be checked.'));
      assert.deepEqual(errors('echo ' + '$('.repeat(10) + 'id' + ')'.repeat(10)), []);
    });

    it('keeps at most 20 distinct errors', () => {
      const line = Array.from({ length: 40 }, (_, i) => `a${i} >`).join(' ; ');
      assert.equal(errors(line).length, 1);
      assert.ok(errors(')'.repeat(5) + '(' + '>'.repeat(50)).length <= 20);
    });

    it('takes anything that is not a string as an empty line', () => {
      assert.deepEqual(parseShell(undefined as unknown as string), { list: { items: [] }, errors: [], comment: false });
    });

    it('property: never throws on random lines, and every top-level text is in the line', () => {
      const rand = seeded(2024);
      const alphabet = ['a', ' ', ';', '&', '|', '&&', '(', ')', '{', '}', '$', '$(', '`', "'", '"', '\\', '\n', '<', '>', '2>&1', '<<', 'EOF', '#', '*', '~', '=', '!', 'if', 'do', 'fi', 'f()', '\u202E', '\r'];
      for (let i = 0; i < 5000; i++) {
        const line = randomString(rand, alphabet, 25);
        const t = parseShell(line);
        assert.ok(Array.isArray(t.errors), line);
        for (const item of t.list.items) {
          for (const c of item.pipeline.commands) {
            if (c.type === 'simple') assert.ok(line.replace(/\r\n/g, '\n').includes(c.text), JSON.stringify([line, c.text]));
          }
        }
        simpleCommands(t.list);
      }
    });
  });
});
