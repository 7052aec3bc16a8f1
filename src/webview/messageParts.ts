// How a message reads as an ordered list of parts: the one place in the view that knows which
// fields of a Message hold what is drawn. Message views render parts (./partViews), never fields,
// so a conversation whose messages carry their own list of parts changes only this file.
import type { AssistantMessage, Attachment, Message, UserMessage } from '../core/conversation/conversation';

export type PartModel =
  /** Words: the user's as typed (plain text), the model's as markdown. */
  | { kind: 'text'; text: string }
  /** What a reasoning model thought before answering; `ms` is how long, once known. */
  | { kind: 'reasoning'; text: string; ms?: number }
  /** What the user attached to a message (selections, files, images), shown as chips. */
  | { kind: 'attachments'; attachments: Attachment[] };

export type PartKind = PartModel['kind'];

/** The parts of a message, in the order they are shown. */
export function partsOf(m: Message): PartModel[] {
  if (m.role === 'user') {
    const parts: PartModel[] = [];
    if (m.attachments.length) parts.push({ kind: 'attachments', attachments: m.attachments });
    parts.push({ kind: 'text', text: m.text });
    return parts;
  }
  const parts: PartModel[] = [];
  if (m.reasoning) parts.push(m.reasoningMs === undefined ? { kind: 'reasoning', text: m.reasoning } : { kind: 'reasoning', text: m.reasoning, ms: m.reasoningMs });
  // An answer always has its text part, empty while nothing has arrived: streamed text has a place to go.
  parts.push({ kind: 'text', text: m.text });
  return parts;
}

/** The message has ended: nothing more will stream into its parts. */
export function hasEnded(m: Message): boolean {
  return m.role === 'user' || m.state !== 'streaming';
}

/** Streamed answer text, added to the view's copy of the message. */
export function addText(m: AssistantMessage, delta: string): void {
  m.text += delta;
}

/** Streamed reasoning, added to the view's copy of the message. */
export function addReasoning(m: AssistantMessage, delta: string): void {
  m.reasoning = (m.reasoning ?? '') + delta;
}

/** How long the answer's reasoning took, when the host has measured it. */
export function reasoningMs(m: AssistantMessage): number | undefined {
  return m.reasoningMs;
}

/** The words "Edit and resend" starts from. */
export function editableText(m: UserMessage): string {
  return m.text;
}
