// How a mention becomes text for the model, and how a re-read tells that it changed. The host reads
// the file, folder, terminal or diff; this module turns what was read into the part stored with
// the message: a line saying what it is (English: it is for the model), the content fenced so it
// cannot close its block early, a hash of the content and its size in tokens.
import type { MentionKind, MentionPart } from '../conversation/parts';
import { fence } from '../conversation/parts';
import { MAX_TEXT_ATTACHMENT } from '../conversation/validate';
import { estimateTokens } from '../edits/budget';

/** How much of each kind of context is read (characters of content; lines or entries where said). */
export const MENTION_LIMITS = {
  /** A file: as much as an attached file. */
  fileChars: MAX_TEXT_ATTACHMENT,
  /** A folder: its listing and the files that fit, in all. */
  folderChars: 200_000,
  /** A folder: one file of it (larger ones are listed, not read). */
  folderFileChars: 30_000,
  /** A folder: entries listed. */
  folderEntries: 500,
  /** The terminal: the end of its output is what matters. */
  terminalChars: 60_000,
  /** Git changes: a diff. */
  gitChars: 400_000,
  /** Problems: entries. */
  problems: 500,
} as const;

/**
 * A 64-bit FNV-1a hash of `text` in hex, with its length: enough to tell a changed file from an
 * unchanged one (not a security boundary; runs in the webview bundle too, so no node:crypto).
 */
export function contentHash(text: string): string {
  // Two 32-bit FNV-1a lanes with different offsets: a 64-bit-wide hash without BigInt.
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}:${text.length}`;
}

/** The text a mention sends: what it is, then its content in a fence (with a language when known). */
export function mentionBlock(title: string, body: string, language = ''): string {
  const f = fence(body);
  return `${title}\n${f}${language}\n${body}\n${f}`;
}

export interface MentionSource {
  kind: MentionKind;
  label: string;
  ref: string;
  range?: { startLine: number; endLine: number };
}

/** A mention part from what was read: `title` says what it is (for the model), `body` is the content. */
export function makeMention(source: MentionSource, title: string, body: string, options: { language?: string; truncated?: boolean } = {}): MentionPart {
  const text = mentionBlock(title, body, options.language);
  const part: MentionPart = { type: 'mention', kind: source.kind, label: source.label, ref: source.ref, text, hash: contentHash(body), tokens: estimateTokens(text) };
  if (source.range) part.range = { startLine: source.range.startLine, endLine: source.range.endLine };
  if (options.truncated) part.truncated = true;
  return part;
}

/** The start of `text` up to `max` characters, cut at a line break where one is near. */
export function keepHead(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const nl = text.lastIndexOf('\n', max);
  return { text: text.slice(0, nl > max * 0.8 ? nl : max), cut: true };
}

/** The end of `text` within `max` characters, from a line start where one is near (terminal output). */
export function keepTail(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const from = text.length - max;
  const nl = text.indexOf('\n', from);
  return { text: text.slice(nl >= 0 && nl < from + max * 0.2 ? nl + 1 : from), cut: true };
}

/** Kinds whose content can change under the same reference and be read again: files and what lives in them. */
export function canReread(kind: MentionKind): boolean {
  return kind === 'file' || kind === 'editor' || kind === 'folder' || kind === 'symbol';
}

/**
 * The mention to send again after `fresh` was read for `old`'s reference: `old` itself when the
 * content is the same; otherwise `fresh`, marked as re-read at `now` (the chip says so).
 */
export function afterReread(old: MentionPart, fresh: MentionPart, now = Date.now()): MentionPart {
  if (fresh.hash === old.hash) return old;
  return { ...fresh, rereadAt: now };
}

/** What replaces the API key wherever it appears in what a mention read. */
export const KEY_REMOVED = '[API key removed]';

/**
 * The mention with every occurrence of `secret` (the gateway key) in its text replaced: a file, a
 * terminal or a diff that shows the key never sends it. The hash is kept (it is of what was read).
 */
export function withoutSecret(part: MentionPart, secret: string | undefined): MentionPart {
  if (!secret || secret.length < 8 || !part.text.includes(secret)) return part;
  const text = part.text.split(secret).join(KEY_REMOVED);
  return { ...part, text, tokens: estimateTokens(text) };
}
