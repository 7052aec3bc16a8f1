// How a message reads as an ordered list of parts to draw: the one place in the view that maps a
// Message's parts (src/core/conversation/parts.ts) to what the part views draw. A user's
// attachments are drawn together as one row of chips, before the words; an answer's parts are
// drawn in the order they happened.
import type { AssistantMessage, Message, UserMessage } from '../core/conversation/conversation';
import type { FileChangePart, ToolCallPart, ToolResultPart } from '../core/conversation/parts';
import { appendPart, attachmentLabel, attachmentText, textOf } from '../core/conversation/parts';
import { estimateTokens, IMAGE_TOKENS } from '../core/edits/budget';
import type { PendingAttachment } from '../core/protocol/chatProtocol';

/** A chip of a sent message: what it referenced, where that part is in the message (to open it), its size. */
export interface ContextChipModel {
  /** The part's place in the message's parts. */
  index: number;
  kind: PendingAttachment['kind'];
  label: string;
  tokens?: number;
  truncated?: boolean;
  /** A regenerate read it again because it had changed since. */
  reread?: boolean;
  openable: boolean;
}

export type PartModel =
  /** Words: the user's as typed (plain text), the model's as markdown. */
  | { kind: 'text'; text: string }
  /** What a reasoning model thought before answering; `ms` is how long, once known. */
  | { kind: 'reasoning'; text: string; ms?: number }
  /** What the user attached or mentioned (selections, files, images, mentions), shown as chips. */
  | { kind: 'attachments'; items: ContextChipModel[] }
  /** A step of an agent task: the tool it called, with what it returned once it has. */
  | { kind: 'tool'; call: ToolCallPart; result?: ToolResultPart }
  /** A file an agent task changed, or wants to: a diff card. */
  | { kind: 'change'; change: FileChangePart };

export type PartKind = PartModel['kind'];

/** The parts of a message, in the order they are shown. */
export function partsOf(m: Message): PartModel[] {
  if (m.role === 'user') {
    const parts: PartModel[] = [];
    const items: ContextChipModel[] = [];
    m.parts.forEach((p, index) => {
      if (p.type === 'image') items.push({ index, kind: 'image', label: p.name, tokens: IMAGE_TOKENS, openable: false });
      else if (p.type === 'attachment') items.push({ index, kind: p.kind, label: attachmentLabel(p), tokens: estimateTokens(attachmentText(p)), openable: true });
      else if (p.type === 'mention') items.push({ index, kind: p.kind, label: p.label, tokens: p.tokens, openable: true, ...(p.truncated ? { truncated: true } : {}), ...(p.rereadAt ? { reread: true } : {}) });
    });
    if (items.length) parts.push({ kind: 'attachments', items });
    parts.push({ kind: 'text', text: textOf(m) });
    return parts;
  }
  const parts: PartModel[] = [];
  const results = new Map<string, ToolResultPart>();
  for (const p of m.parts) if (p.type === 'toolResult') results.set(p.callId, p);
  for (const p of m.parts) {
    if (p.type === 'text') parts.push({ kind: 'text', text: p.text });
    else if (p.type === 'reasoning') parts.push(p.ms === undefined ? { kind: 'reasoning', text: p.text } : { kind: 'reasoning', text: p.text, ms: p.ms });
    else if (p.type === 'toolCall') {
      const result = results.get(p.id);
      parts.push(result ? { kind: 'tool', call: p, result } : { kind: 'tool', call: p });
    } else if (p.type === 'fileChange') parts.push({ kind: 'change', change: p });
  }
  // An answer always ends in a text part, empty while nothing has arrived: streamed text has a place to go.
  if (parts[parts.length - 1]?.kind !== 'text') parts.push({ kind: 'text', text: '' });
  return parts;
}

/** The message has ended: nothing more will stream into its parts. */
export function hasEnded(m: Message): boolean {
  return m.role === 'user' || m.state !== 'streaming';
}

/** Streamed answer text, added to the view's copy of the message (as the host adds it). */
export function addText(m: AssistantMessage, delta: string): void {
  appendPart(m.parts, 'text', delta);
}

/** Streamed reasoning, added to the view's copy of the message (as the host adds it). */
export function addReasoning(m: AssistantMessage, delta: string): void {
  appendPart(m.parts, 'reasoning', delta);
}

/** How long the answer's latest reasoning took, when the host has measured it. */
export function reasoningMs(m: AssistantMessage): number | undefined {
  for (let i = m.parts.length - 1; i >= 0; i--) {
    const p = m.parts[i]!;
    if (p.type === 'reasoning') return p.ms;
  }
  return undefined;
}

/** The words "Edit and resend" starts from. */
export function editableText(m: UserMessage): string {
  return textOf(m);
}
