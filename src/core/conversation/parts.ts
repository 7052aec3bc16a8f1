// What a message is made of: an ordered list of parts. A user message holds what the user typed
// and what they attached; an answer holds its reasoning, its text and, in agent mode, the tool
// calls it made and their results, in the order they happened. Shared by the host (which owns
// conversations) and the webview (which draws them): plain data and pure functions only.

/** Something the composer holds before sending (a chip), and what other features attach. */
export type Attachment =
  | { kind: 'selection'; uri: string; languageId: string; range: { startLine: number; endLine: number }; text: string }
  | { kind: 'file'; uri: string; languageId: string; text: string }
  | { kind: 'image'; name: string; mimeType: string; dataUri: string };

export interface TextPart {
  type: 'text';
  text: string;
}

/** An image: attached by the user (a data URI; stored beside the conversation, see storedImages.ts). */
export interface ImagePart {
  type: 'image';
  name: string;
  mimeType: string;
  dataUri: string;
}

/** Code or a file the user attached: its text goes into the prompt. */
export interface AttachmentPart {
  type: 'attachment';
  kind: 'selection' | 'file';
  uri: string;
  languageId: string;
  text: string;
  /** Only for a selection: its lines (0-based, inclusive). */
  range?: { startLine: number; endLine: number };
}

/** What an @-mention points at. */
export type MentionKind = 'file' | 'folder' | 'symbol' | 'problems' | 'terminal' | 'git' | 'editor';
export const MENTION_KINDS: readonly MentionKind[] = ['file', 'folder', 'symbol', 'problems', 'terminal', 'git', 'editor'];

/**
 * Context the user pointed at with `@` (or dropped on the chat, or referenced in VS Code's chat):
 * the text that went to the model, and what it was read from, so the history shows it (and opens
 * it) and a regenerate can read it again when it changed since.
 */
export interface MentionPart {
  type: 'mention';
  kind: MentionKind;
  /** The chip's label: `composer.ts`, `src/`, `parseArgs`, `Problems`, `Terminal`, `Staged changes`. */
  label: string;
  /**
   * What it was read from: a URI (file, folder, editor, symbol) or a query: `problems`,
   * `problems:<uri>`, `terminal:selection`, `terminal:last`, `git:staged`, `git:unstaged`,
   * `git:ref:<branch>`.
   */
  ref: string;
  /** A symbol's lines (0-based, inclusive). */
  range?: { startLine: number; endLine: number };
  /** The text that went to the model: a line saying what it is, then the content. */
  text: string;
  /** A hash of the content as it was read: another hash on a re-read means it changed since. */
  hash: string;
  /** Estimated tokens of `text`. */
  tokens: number;
  /** The content was cut at the size limit. */
  truncated?: true;
  /** When a regenerate read it again because it had changed since it was first sent (ms since 1970). */
  rereadAt?: number;
}

/** What a user message carries besides its words: an attachment (selection, file, image) or a mention. */
export type ContextItem = Attachment | MentionPart;

/** What a reasoning model "thought" before (or between) its answers: shown collapsed, never sent back. */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  /** How long the reasoning took (its first token to the first text token, or to the end). */
  ms?: number;
}

/**
 * Where a tool call stands. `pending`: waiting for the user (an approval card); `denied`: the user
 * said no; `refused`: a rule said no (a path outside the workspace, an untrusted workspace, bad
 * arguments); `stopped`: the task ended before it ran.
 */
export type ToolCallStatus = 'pending' | 'running' | 'done' | 'failed' | 'denied' | 'refused' | 'stopped';

/** Who let a tool call run: nobody needed to (a read), the user, the user's allow-list or auto-apply. */
export type ToolApproval = 'none' | 'user' | 'allowList' | 'autoApply';

/** A tool the model asked to run (agent mode, and VS Code's agent through the language-model provider). */
export interface ToolCallPart {
  type: 'toolCall';
  /** The gateway's call id, echoed by the result. */
  id: string;
  name: string;
  /** The arguments as the model sent them (JSON text, possibly malformed). */
  arguments: string;
  status?: ToolCallStatus;
  approval?: ToolApproval;
  /** How long it ran. */
  ms?: number;
}

/** What running a tool call gave back to the model. */
export interface ToolResultPart {
  type: 'toolResult';
  callId: string;
  name: string;
  /** What the model is told (English: it is for the model). */
  content: string;
  isError?: true;
}

/** A file a task changed or wants to change: shown as a diff card with Accept / Reject. */
export interface FileChangePart {
  type: 'fileChange';
  callId: string;
  action: 'edit' | 'create' | 'rename' | 'delete';
  /** Workspace-relative, with `/`. */
  path: string;
  /** For a rename: the new path. */
  to?: string;
  /** `pending` until the user decides; `applied` when auto-apply wrote it; `undone` by Undo task. */
  state: 'pending' | 'accepted' | 'rejected' | 'applied' | 'undone';
  added: number;
  removed: number;
}

export type UserPart = TextPart | ImagePart | AttachmentPart | MentionPart;
export type AnswerPart = TextPart | ReasoningPart | ToolCallPart | ToolResultPart | FileChangePart;
export type Part = UserPart | AnswerPart;

/** The text parts of a message, joined: what the user typed, or what the answer says. */
export function textOf(m: { parts: readonly Part[] }): string {
  let out = '';
  for (const p of m.parts) if (p.type === 'text') out += p.text;
  return out;
}

/** The reasoning parts of an answer, joined. */
export function reasoningOf(m: { parts: readonly Part[] }): string {
  let out = '';
  for (const p of m.parts) if (p.type === 'reasoning') out += p.text;
  return out;
}

/**
 * Appends streamed text (or reasoning) to the last part when it is of that type, else starts a
 * new part: an answer that reasons, calls a tool, then writes again keeps that order.
 */
export function appendPart(parts: AnswerPart[], type: 'text' | 'reasoning', delta: string): TextPart | ReasoningPart {
  const last = parts[parts.length - 1];
  if (last && last.type === type) {
    last.text += delta;
    return last;
  }
  const part: TextPart | ReasoningPart = { type, text: delta };
  parts.push(part);
  return part;
}

export function attachmentToPart(a: ContextItem): ImagePart | AttachmentPart | MentionPart {
  if ('type' in a) return { ...a, ...(a.range ? { range: { ...a.range } } : {}) };
  switch (a.kind) {
    case 'image':
      return { type: 'image', name: a.name, mimeType: a.mimeType, dataUri: a.dataUri };
    case 'selection':
      return { type: 'attachment', kind: 'selection', uri: a.uri, languageId: a.languageId, text: a.text, range: { ...a.range } };
    case 'file':
      return { type: 'attachment', kind: 'file', uri: a.uri, languageId: a.languageId, text: a.text };
  }
}

/** The attachments of a user message, as the composer holds them. */
export function attachmentsOf(m: { parts: readonly Part[] }): Attachment[] {
  const out: Attachment[] = [];
  for (const p of m.parts) {
    if (p.type === 'image') out.push({ kind: 'image', name: p.name, mimeType: p.mimeType, dataUri: p.dataUri });
    else if (p.type === 'attachment') {
      out.push(
        p.kind === 'selection'
          ? { kind: 'selection', uri: p.uri, languageId: p.languageId, range: { ...(p.range ?? { startLine: 0, endLine: 0 }) }, text: p.text }
          : { kind: 'file', uri: p.uri, languageId: p.languageId, text: p.text },
      );
    }
  }
  return out;
}

/** The mentions of a user message, in order. */
export function mentionsOf(m: { parts: readonly Part[] }): MentionPart[] {
  return m.parts.filter((p): p is MentionPart => p.type === 'mention');
}

/** Everything a user message carries besides its words, in order, as the composer holds it. */
export function contextOf(m: { parts: readonly Part[] }): ContextItem[] {
  const attachments = attachmentsOf(m);
  let a = 0;
  const out: ContextItem[] = [];
  for (const p of m.parts) {
    if (p.type === 'mention') out.push({ ...p, ...(p.range ? { range: { ...p.range } } : {}) });
    else if (p.type === 'image' || p.type === 'attachment') out.push(attachments[a++]!);
  }
  return out;
}

function basename(uri: string): string {
  const clean = uri.split(/[?#]/)[0] ?? uri;
  return decodeURIComponent(clean.slice(clean.lastIndexOf('/') + 1)) || uri;
}

/** The label of an attachment's chip. */
export function attachmentLabel(a: Attachment | ImagePart | AttachmentPart): string {
  if ('type' in a) {
    if (a.type === 'image') return a.name;
    return a.kind === 'selection' && a.range ? `${basename(a.uri)}:${a.range.startLine + 1}-${a.range.endLine + 1}` : basename(a.uri);
  }
  switch (a.kind) {
    case 'selection':
      return `${basename(a.uri)}:${a.range.startLine + 1}-${a.range.endLine + 1}`;
    case 'file':
      return basename(a.uri);
    case 'image':
      return a.name;
  }
}

/** A code fence longer than any backtick run inside `text`, so the text cannot close it early. */
export function fence(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** The text an attached selection or file contributes to the prompt (and to a Markdown export). */
export function attachmentText(a: AttachmentPart): string {
  const f = fence(a.text);
  const where = a.kind === 'selection' && a.range ? `${basename(a.uri)} (lines ${a.range.startLine + 1}-${a.range.endLine + 1})` : basename(a.uri);
  return `${where}:\n${f}${a.languageId}\n${a.text}\n${f}`;
}
