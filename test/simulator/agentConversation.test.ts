import * as assert from 'node:assert/strict';
import { TOOL_NOT_RUN } from '../../src/core/conversation/wire';
import { classifyResult, exitCodeOf, readAgentRequest, readLines, replaceEdits } from './agentConversation';

describe('Simulator agent scenarios: reading the conversation', () => {
  it('tells done, denied, refused, failed and not run apart by the status line, never by file content', () => {
    const cases: [string, string][] = [
      ['Denied: the user did not approve this.', 'denied'],
      ['The user declined this command.', 'denied'],
      ['Refused: ../x is outside the workspace.', 'refused'],
      ['Blocked: commands are not allowed in an untrusted workspace.', 'refused'],
      ['Error: a.ts not found.', 'failed'],
      ['Unknown tool "x".', 'failed'],
      [TOOL_NOT_RUN, 'notRun'],
      ['Exit code: 1\nError: tests failed', 'ok'],
      ['a.ts (lines 1-2 of 2):\n1: throw new Error("denied");\n2: // refused', 'ok'],
      ['1: Error: this line is file content', 'ok'],
      ['{"error":{"message":"Invalid JSON arguments"}}', 'failed'],
      ['{"error":"The user denied it"}', 'denied'],
      ['{"status":"done","content":"error"}', 'ok'],
    ];
    for (const [text, kind] of cases) assert.equal(classifyResult(text).kind, kind, text);
  });

  it('takes a read result\'s lines without their numbers, whatever the numbering, and without header or footer', () => {
    const expected = ['const a = 1;', '  indented:\tx', ''];
    for (const text of [
      'a.ts (lines 3-5 of 9):\n3: const a = 1;\n4:   indented:\tx\n5: \n[4 more lines: ask for startLine 6]',
      '     3\tconst a = 1;\n     4\t  indented:\tx\n     5\t',
      'L3: const a = 1;\nL4:   indented:\tx\nL5: ',
      '3 | const a = 1;\n4 |   indented:\tx\n5 | ',
    ]) {
      const r = readLines(text);
      assert.deepEqual([r.lines, r.first, r.last, r.numbered], [expected, 3, 5, true], text);
    }
    assert.deepEqual(readLines('plain\ntext\n'), { lines: ['plain', 'text'], first: 1, last: 2, numbered: false });
  });

  it('builds search texts that occur exactly once and together rename every occurrence', () => {
    const lines = ['f(oldName);', 'x();', 'f(oldName);', 'y();', 'f(oldName); g(oldName);', 'f(oldName);'];
    const edits = replaceEdits(lines, 'oldName', 'newName');
    let text = lines.join('\n');
    for (const e of edits) {
      assert.equal(text.split(e.search).length - 1, 1, `unique: ${JSON.stringify(e.search)}`);
      text = text.replace(e.search, () => e.replace);
    }
    assert.equal(text, lines.join('\n').split('oldName').join('newName'));
    assert.ok(edits.some((e) => e.search.includes('\n')), 'repeated lines take in a neighbour');
  });

  it('reads exit codes in the usual wordings', () => {
    assert.equal(exitCodeOf('Exit code: 2\n...'), 2);
    assert.equal(exitCodeOf('The command exited with code 1.'), 1);
    assert.equal(exitCodeOf('exit status 127'), 127);
    assert.equal(exitCodeOf('finished'), undefined);
  });

  it('pairs each call with its result and counts turns from the message with the marker', () => {
    const r = readAgentRequest({
      tools: [{ type: 'function', function: { name: 'read_file' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'please [[agent:costly:big.log]]' }] },
        { role: 'assistant', content: 'Reading.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'read_file', arguments: '{"path":"big.log"}' } }, { id: 'c2', type: 'function', function: { name: 'read_file', arguments: '{' } }] },
        { role: 'tool', tool_call_id: 'c2', content: 'Error: invalid JSON' },
        { role: 'tool', tool_call_id: 'c1', content: '1: x' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c3', type: 'function', function: { name: 'read_file', arguments: '{"path":"big.log"}' } }] },
      ],
    })!;
    assert.equal(r.scenario, 'costly');
    assert.equal(r.arg, 'big.log');
    assert.deepEqual([...r.offered], ['read_file']);
    assert.deepEqual(
      r.calls.map((c) => [c.id, c.turn, c.args, c.result.kind]),
      [
        ['c1', 0, { path: 'big.log' }, 'ok'],
        ['c2', 0, undefined, 'failed'],
        ['c3', 1, { path: 'big.log' }, 'notRun'],
      ],
    );
    assert.equal(readAgentRequest({ messages: [{ role: 'user', content: 'no marker' }] }), undefined);
  });
});
