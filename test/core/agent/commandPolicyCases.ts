// What the commandPolicy tests share: an allow-list, a workspace, and assertions that say why a
// decision was not the one expected.
import * as assert from 'node:assert/strict';
import { decideCommand } from '../../../src/core/agent/commandPolicy';
import type { CommandContext } from '../../../src/core/agent/commandPolicy';

export const ALLOW = ['npm test', 'npm run lint', 'git status', 'git diff *', 'git log *', 'ls *', 'cat *', 'echo *', 'wc *', 'grep *', 'rm *', 'find *', 'head *'];
export const CTX: CommandContext = { workspaceRoots: ['/w/proj'] };

export const decide = (line: string, allow: readonly string[] = ALLOW, ctx: CommandContext = CTX) => decideCommand(line, allow, ctx);

export function auto(line: string, allow: readonly string[] = ALLOW, ctx: CommandContext = CTX) {
  const d = decide(line, allow, ctx);
  assert.deepEqual(d, { decision: 'auto', destructive: false, reasons: ['Every command in it is on the allow-list.'] }, `${line}: ${d.reasons.join(' | ')}`);
}

export function asks(line: string, why: RegExp, allow: readonly string[] = ALLOW, ctx: CommandContext = CTX) {
  const d = decide(line, allow, ctx);
  assert.equal(d.decision, 'ask', line);
  assert.equal(d.destructive, false, `${line}: ${d.reasons.join(' | ')}`);
  assert.ok(d.reasons.some((r) => why.test(r)), `${line}: ${d.reasons.join(' | ')}`);
}

export function destructive(line: string, why: RegExp, allow: readonly string[] = ALLOW, ctx: CommandContext = CTX) {
  const d = decide(line, allow, ctx);
  assert.equal(d.decision, 'ask', line);
  assert.equal(d.destructive, true, `${line}: ${d.reasons.join(' | ')}`);
  assert.ok(d.reasons.some((r) => why.test(r)), `${line}: ${d.reasons.join(' | ')}`);
}
