// What the answer clean-up tests share: a file with the cursor marked, and golden cases that say
// what the model wrote and what goes into the editor.
import * as assert from 'node:assert/strict';
import { cleanCompletion, extractAnswer } from '../../../src/core/completions/answer';
import type { AnswerContext } from '../../../src/core/completions/answer';
import { completionMode } from '../../../src/core/completions/cursor';

/** A case: the file around the cursor (`|` marks it), what the model wrote, what is inserted. */
export interface Golden {
  name: string;
  file: string;
  raw: string;
  expected: string | undefined;
}

/** The context of a file whose first `|` marks the cursor, with the mode the engine would choose. */
export function ctxOf(file: string): AnswerContext {
  const at = file.indexOf('|');
  assert.ok(at >= 0, 'the case marks the cursor with |');
  const prefix = file.slice(0, at);
  const suffix = file.slice(at + 1);
  return { prefix, suffix, mode: completionMode(prefix, suffix) };
}

/** One test per case: what `cleanCompletion` makes of the extracted answer. */
export function run(cases: readonly Golden[]): void {
  for (const c of cases) {
    it(c.name, () => {
      const ctx = ctxOf(c.file);
      const { text } = extractAnswer(c.raw);
      assert.equal(cleanCompletion(text, ctx), c.expected);
    });
  }
}

/** What `restAfterTyping` gives for a rest inserted before the rest of the line (replacing none of it). */
export function kept(text: string | undefined): { text: string; replace: number } | undefined {
  return text === undefined ? undefined : { text, replace: 0 };
}
