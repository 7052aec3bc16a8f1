// What a code task sends and how much answer it needs, for both ways of asking: the editor's code
// commands and the @tokenhub participant's slash commands. One place, so the two never drift
// apart in what they tell the model or in what they consider too large.

import type { ChatMessage } from '../api/types';
import { estimateTokens, expectedEditTokens } from '../edits/budget';
import { buildAskPrompt, buildEditMessages, buildExplainPrompt, buildTestMessages } from './codePrompts';
import type { CodeSelection, DiagnosticInfo, TestFilePlan } from './codePrompts';

export type CodeTask =
  | { kind: 'explain' }
  | { kind: 'ask'; question: string }
  | { kind: 'refactor'; instruction: string }
  | { kind: 'fix'; diagnostics: readonly DiagnosticInfo[] }
  | { kind: 'document' }
  | { kind: 'tests'; plan: TestFilePlan };

export interface CodeRequest {
  messages: ChatMessage[];
  /** The least the answer needs (see core/edits/budget). */
  expectedOutputTokens: number;
}

/** Room kept for a chat answer (Explain, Ask) when checking that its prompt fits. */
export const CHAT_ANSWER_TOKENS = 2048;

/** The most problems a Fix prompt lists: beyond that they crowd out the code. */
export const MAX_DIAGNOSTICS = 30;

export function buildCodeRequest(task: CodeTask, sel: CodeSelection): CodeRequest {
  switch (task.kind) {
    case 'explain':
      return { messages: [{ role: 'user', content: buildExplainPrompt(sel) }], expectedOutputTokens: CHAT_ANSWER_TOKENS };
    case 'ask':
      return { messages: [{ role: 'user', content: buildAskPrompt(sel, task.question) }], expectedOutputTokens: CHAT_ANSWER_TOKENS };
    case 'refactor':
      return { messages: buildEditMessages('refactor', sel, { instruction: task.instruction }), expectedOutputTokens: expectedEditTokens(sel.code, 1.3) };
    case 'fix':
      return { messages: buildEditMessages('fix', sel, { diagnostics: task.diagnostics }), expectedOutputTokens: expectedEditTokens(sel.code, 1.2) };
    case 'document':
      // The code comes back with comments added: allow for it to grow.
      return { messages: buildEditMessages('document', sel), expectedOutputTokens: expectedEditTokens(sel.code, 1.8) };
    case 'tests':
      // Tests are usually longer than the code they test.
      return { messages: buildTestMessages(sel, task.plan), expectedOutputTokens: Math.max(1500, Math.ceil(estimateTokens(sel.code) * 2.5)) };
  }
}

const SEVERITY_RANK: Record<DiagnosticInfo['severity'], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** The problems a Fix prompt lists: errors first (what the user most likely wants gone), then by line, at most `max`. */
export function orderDiagnostics(diagnostics: readonly DiagnosticInfo[], max = MAX_DIAGNOSTICS): DiagnosticInfo[] {
  return [...diagnostics].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.line - b.line).slice(0, max);
}
