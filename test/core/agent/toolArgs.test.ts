import * as assert from 'node:assert/strict';
import { parseToolArguments, signature } from '../../../src/core/agent/toolArgs';
import type { WorkspaceTool } from '../../../src/core/agent/tools';
import { WORKSPACE_TOOLS } from '../../../src/core/agent/tools';
import { randomString, seeded } from './random';

function args(name: string, json: string) {
  const r = parseToolArguments(name, json);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.args;
}

function error(name: string, json: string, tools?: readonly WorkspaceTool[]) {
  const r = parseToolArguments(name, json, tools);
  assert.equal(r.ok, false, `${name} ${json} was accepted`);
  return r.ok ? '' : r.error;
}

const PROBE: WorkspaceTool = {
  name: 'probe',
  kind: 'read',
  description: 'A tool for testing every keyword.',
  parameters: {
    type: 'object',
    properties: {
      s: { type: 'string', minLength: 2, maxLength: 4 },
      n: { type: 'number', minimum: 0.5, maximum: 2.5 },
      i: { type: 'integer', minimum: 1, maximum: 3 },
      b: { type: 'boolean' },
      e: { type: 'string', enum: ['x', 'y'] },
      list: { type: 'array', minItems: 2, maxItems: 3, items: { type: 'integer' } },
      one: { type: 'array', minItems: 1 },
      any: {},
      nested: { type: 'object', properties: { k: { type: 'string' } }, required: ['k'], additionalProperties: false },
      empty: { type: 'object', additionalProperties: false },
      open: { type: 'object', properties: { k: { type: 'string' } } },
    },
    required: ['s'],
    additionalProperties: false,
  },
};

const probe = (json: string) => parseToolArguments('probe', json, [PROBE]);
const probeError = (json: string) => {
  const r = probe(json);
  assert.equal(r.ok, false, json);
  return r.ok ? '' : r.error;
};

describe('core/agent/toolArgs', () => {
  it('accepts valid arguments of the real tools and returns them', () => {
    assert.deepEqual(args('read_file', '{"path":"src/a.ts","startLine":1,"endLine":40}'), { path: 'src/a.ts', startLine: 1, endLine: 40 });
    assert.deepEqual(args('edit_file', '{"path":"a","edits":[{"search":"x","replace":"y"}]}'), { path: 'a', edits: [{ search: 'x', replace: 'y' }] });
    assert.deepEqual(args('git_changes', '{"which":"staged"}'), { which: 'staged' });
    assert.deepEqual(args('run_command', '{"command":"npm test","timeoutSeconds":3600}'), { command: 'npm test', timeoutSeconds: 3600 });
    assert.deepEqual(args('search_text', '{"query":"x","isRegex":false,"maxResults":500}'), { query: 'x', isRegex: false, maxResults: 500 });
  });

  it('takes an empty string as {}', () => {
    assert.deepEqual(args('get_problems', ''), {});
    assert.deepEqual(args('git_changes', '  \n'), {});
    assert.match(error('read_file', ''), /path is required/);
  });

  it('names the tools when the tool does not exist', () => {
    const e = error('rm_rf', '{}');
    assert.match(e, /^There is no tool "rm_rf"\. The tools are: read_file, list_directory, /);
    assert.ok(WORKSPACE_TOOLS.every((t) => e.includes(t.name)));
    assert.match(error(undefined as unknown as string, '{}'), /There is no tool without a name/);
    assert.match(error('x'.repeat(100), '{}'), /"x{60}…"/);
    assert.match(error('x'.repeat(60), '{}'), /"x{60}"\./);
    assert.match(error(7 as unknown as string, '{}'), /There is no tool without a name\./);
    assert.match(error('toString', '{}'), /There is no tool "toString"/);
  });

  it('looks only at the tools it is given', () => {
    assert.match(error('run_command', '{"command":"ls"}', [PROBE]), /There is no tool "run_command"\. The tools are: probe\./);
    assert.ok(parseToolArguments('read_file', '{"path":"a"}', undefined).ok);
    assert.ok(parseToolArguments('read_file', '{"path":"a"}', 'junk' as unknown as WorkspaceTool[]).ok);
  });

  it('says when the JSON is malformed, and what to send', () => {
    const e = error('read_file', '{"path": "a"');
    assert.match(e, /^The arguments of read_file are not valid JSON \(.+\)\. Send one JSON object: \{path: string, startLine\?: integer ≥ 1, endLine\?: integer ≥ 1\}\.$/);
    assert.match(error('read_file', "{'path': 'a'}"), /not valid JSON/);
    assert.match(error('read_file', undefined as unknown as string), /path is required/);
  });

  it('wants a JSON object', () => {
    assert.match(error('read_file', '"src/a.ts"'), /must be a JSON object, not a string \("src\/a\.ts"\)/);
    assert.match(error('read_file', '[1]'), /not an array/);
    assert.match(error('read_file', 'null'), /not null/);
    assert.match(error('read_file', '12'), /not the number 12/);
    assert.match(error('read_file', 'true'), /not true/);
  });

  it('names a missing required argument', () => {
    assert.match(error('run_command', '{}'), /^Invalid arguments for run_command: command is required\. Expected: \{command: string, cwd\?: string, timeoutSeconds\?: integer ≥ 1 ≤ 3600\}\.$/);
    assert.match(error('edit_file', '{"path":"a","edits":[{"search":"x"}]}'), /edits\[0\]\.replace is required\./);
  });

  it('names an unknown argument and lists the known ones', () => {
    assert.match(error('read_file', '{"path":"a","line":3}'), /"line" is not an argument \(known: path, startLine, endLine\)\./);
    assert.match(error('edit_file', '{"path":"a","edits":[{"search":"x","replace":"y","all":true}]}'), /"all" is not an argument of edits\[0\] \(known: search, replace\)/);
  });

  it('does not take inherited names for arguments', () => {
    assert.match(error('read_file', '{"path":"a","constructor":1}'), /"constructor" is not an argument/);
    assert.match(error('read_file', '{"path":"a","__proto__":{"x":1}}'), /"__proto__" is not an argument/);
    assert.match(error('read_file', '{"toString":"a"}'), /path is required.*"toString" is not an argument/);
  });

  it('checks types precisely', () => {
    assert.match(error('read_file', '{"path":7}'), /path must be a string, not the number 7\./);
    assert.match(error('read_file', '{"path":"a","startLine":"3"}'), /startLine must be an integer, not a string \("3"\)\./);
    assert.match(error('read_file', '{"path":"a","startLine":1.5}'), /startLine must be an integer, not the number 1\.5\./);
    assert.match(error('read_file', '{"path":"a","startLine":1e400}'), /startLine must be an integer, not a number too large to use\./);
    assert.match(error('search_text', '{"query":"x","isRegex":"yes"}'), /isRegex must be a boolean, not a string/);
    assert.match(error('edit_file', '{"path":"a","edits":{"search":"x","replace":"y"}}'), /edits must be an array, not an object\./);
    assert.match(error('edit_file', '{"path":"a","edits":["x"]}'), /edits\[0\] must be an object, not a string/);
    assert.match(error('read_file', '{"path":null}'), /path must be a string, not null\./);
    assert.match(error('read_file', '{"path":true}'), /path must be a string, not true\./);
    assert.match(error('read_file', '{"path":"a","startLine":true}'), /startLine must be an integer, not true\./);
    assert.match(error('read_file', '{"path":"' + 'x'.repeat(40) + '","startLine":"' + 'y'.repeat(40) + '"}'), /not a string \("y{40}"\)/);
    assert.match(error('read_file', '{"path":"' + 'x'.repeat(50) + '"}'.replace('"}', '","startLine":"' + 'y'.repeat(50) + '"}')), /"y{40}…"/);
  });

  it('checks enums, minimums, maximums and item counts', () => {
    assert.match(error('git_changes', '{"which":"both"}'), /which must be one of "staged", "unstaged", "all", not a string \("both"\)\./);
    assert.match(error('read_file', '{"path":"a","startLine":0}'), /startLine must be at least 1, not 0\./);
    assert.match(error('find_files', '{"glob":"*","maxResults":1001}'), /maxResults must be at most 1000, not 1001\./);
    assert.ok(parseToolArguments('find_files', '{"glob":"*","maxResults":1000}').ok);
    assert.ok(parseToolArguments('find_files', '{"glob":"*","maxResults":1}').ok);
    assert.match(error('edit_file', '{"path":"a","edits":[]}'), /edits must have at least 1 item, not 0\./);
  });

  it('lists several problems at once, at most five', () => {
    const e = error('read_file', '{"startLine":0,"endLine":"x","a":1}');
    assert.match(e, /path is required\. startLine must be at least 1, not 0\. endLine must be an integer, not a string \("x"\)\. "a" is not an argument/);
    const many = error('read_file', JSON.stringify(Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, i]))));
    assert.equal((many.match(/is not an argument|is required/g) ?? []).length, 5);
  });

  describe('every keyword, on a probe schema', () => {
    it('accepts what fits', () => {
      assert.ok(probe('{"s":"ab","n":0.5,"i":3,"b":false,"e":"y","list":[1,2,3],"one":["z"],"any":null,"nested":{"k":"v"},"open":{"k":"v","more":1}}').ok);
      assert.ok(probe('{"s":"abcd","n":2.5,"i":1}').ok);
    });

    it('string lengths', () => {
      assert.match(probeError('{"s":"a"}'), /s must be at least 2 characters long\./);
      assert.match(probeError('{"s":"abcde"}'), /s must be at most 4 characters long\./);
    });

    it('numbers, integers and their bounds', () => {
      assert.match(probeError('{"s":"ab","n":0.4}'), /n must be at least 0\.5, not 0\.4\./);
      assert.match(probeError('{"s":"ab","n":2.6}'), /n must be at most 2\.5, not 2\.6\./);
      assert.match(probeError('{"s":"ab","n":"1"}'), /n must be a number, not a string/);
      assert.match(probeError('{"s":"ab","i":4}'), /i must be at most 3, not 4\./);
      assert.match(probeError('{"s":"ab","i":0}'), /i must be at least 1, not 0\./);
    });

    it('arrays, their items and their sizes', () => {
      assert.match(probeError('{"s":"ab","list":[1]}'), /list must have at least 2 items, not 1\./);
      assert.match(probeError('{"s":"ab","list":[1,2,3,4]}'), /list must have at most 3 items, not 4\./);
      assert.match(probeError('{"s":"ab","list":[1,"2"]}'), /list\[1\] must be an integer, not a string/);
      assert.match(probeError('{"s":"ab","one":[]}'), /one must have at least 1 item, not 0\./);
    });

    it('booleans, enums and nested objects', () => {
      assert.match(probeError('{"s":"ab","b":1}'), /b must be a boolean, not the number 1\./);
      assert.match(probeError('{"s":"ab","e":"z"}'), /e must be one of "x", "y"/);
      assert.match(probeError('{"s":"ab","nested":{}}'), /nested\.k is required\./);
      assert.match(probeError('{"s":"ab","nested":{"k":"v","x":1}}'), /"x" is not an argument of nested \(known: k\)/);
      assert.match(probeError('{"s":"ab","nested":[]}'), /nested must be an object, not an array\./);
      assert.match(probeError('{"s":"ab","empty":{"x":1}}'), /"x" is not an argument of empty\. /);
    });
  });

  it('writes short signatures', () => {
    assert.equal(signature({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'array', items: { type: 'integer', minimum: 0 } } }, required: ['a'] }), '{a: string, b?: integer ≥ 0[]}');
    assert.equal(signature({ type: 'string', enum: ['x', 'y'] }), '"x" | "y"');
    assert.equal(signature({}), 'any');
    assert.equal(signature({ type: 'array' }), 'any[]');
    assert.equal(signature({ type: 'object' }), '{}');
    assert.equal(signature({ type: 'number', maximum: 3 }), 'number ≤ 3');
  });

  it('property: never throws and always explains, on random JSON-ish text', () => {
    const rand = seeded(31337);
    const alphabet = ['{', '}', '[', ']', '"', ':', ',', 'path', 'edits', 'search', 'replace', '1', '-1', '1.5', 'true', 'null', ' ', '\\', 'x', '1e999'];
    const names = WORKSPACE_TOOLS.map((t) => t.name).concat(['nope', '']);
    for (let i = 0; i < 5000; i++) {
      const name = names[Math.floor(rand() * names.length)];
      const json = randomString(rand, alphabet, 14);
      const r = parseToolArguments(name, json);
      if (r.ok) assert.equal(typeof r.args, 'object');
      else assert.ok(r.error.length > 10);
    }
  });
});
