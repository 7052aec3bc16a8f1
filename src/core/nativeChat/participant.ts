import type { ChatMessage } from '../api/types';

// The @tokenhub participant's decisions that need no VS Code: which model answers, what the
// history becomes, and which follow-ups to offer.

export const PARTICIPANT_COMMANDS = ['explain', 'refactor', 'fix', 'doc', 'tests', 'image', 'video'] as const;
export type ParticipantCommand = (typeof PARTICIPANT_COMMANDS)[number];
export type CodeCommand = Exclude<ParticipantCommand, 'image' | 'video'>;

export function isParticipantCommand(value: string | undefined): value is ParticipantCommand {
  return !!value && (PARTICIPANT_COMMANDS as readonly string[]).includes(value);
}

export function isCodeCommand(value: string | undefined): value is CodeCommand {
  return isParticipantCommand(value) && value !== 'image' && value !== 'video';
}

/**
 * The model picked in VS Code's chat answers when it is one of ours; any other vendor's model
 * (Copilot, another extension) cannot be paid with the TokenHub key, so our current chat model does.
 */
export function pickAnswerModel(picked: { vendor: string; id: string } | undefined, vendor: string, current: string): string | undefined {
  if (picked && picked.vendor === vendor && picked.id) return picked.id;
  return current || undefined;
}

/** One earlier turn of this participant's conversation, reduced to text. */
export type HistoryTurn = { role: 'user'; text: string } | { role: 'assistant'; text: string };

/** Earlier turns as messages, keeping only the most recent ones that fit `maxChars`. */
export function historyMessages(turns: readonly HistoryTurn[], maxChars = 24_000): ChatMessage[] {
  const kept: ChatMessage[] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const t = turns[i];
    if (!t.text) continue;
    used += t.text.length;
    if (used > maxChars) break;
    kept.unshift({ role: t.role, content: t.text });
  }
  // A conversation sent to the model starts with the user.
  while (kept.length && kept[0].role !== 'user') kept.shift();
  return kept;
}

/** What to offer after an answer: the natural next steps on the same code. */
export function followupCommands(command: string | undefined): CodeCommand[] {
  switch (command) {
    case 'explain':
      return ['refactor', 'doc', 'tests'];
    case 'refactor':
    case 'fix':
      return ['tests', 'explain'];
    case 'doc':
      return ['tests'];
    case 'tests':
      return ['explain'];
    case 'image':
    case 'video':
      return [];
    default:
      return ['explain'];
  }
}

/** `/image a red fox --size 1024x1024` style options are not parsed: the whole text is the prompt. */
export function mediaPrompt(text: string): string {
  return text.trim();
}
