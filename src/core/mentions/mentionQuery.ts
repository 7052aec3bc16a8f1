// What the user is typing after `@` in the composer: the token at the caret, and the kind it names
// (`@file:comp`, `@symbol:parse`, `@git`), or none (`@comp` searches files, folders, open
// editors and the other kinds by name). Shared by the picker (webview) and the host.
import type { MentionKind } from '../conversation/parts';
import { MENTION_KINDS } from '../conversation/parts';

/** The longest query the picker sends (a path is rarely longer; the host refuses more). */
export const MAX_MENTION_QUERY = 300;

export interface MentionQuery {
  /** The kind named by a `kind:` prefix; undefined searches every kind. */
  kind?: MentionKind;
  /** What to match, without the prefix. */
  text: string;
}

/** `file:comp` → file + `comp`; `git` → git + ``; `comp` → every kind + `comp`. */
export function parseMentionQuery(query: string): MentionQuery {
  const m = /^([a-z]+)(?::(.*))?$/s.exec(query);
  if (m && (MENTION_KINDS as readonly string[]).includes(m[1]!)) {
    const kind = m[1] as MentionKind;
    // A bare word that only starts like a kind (`fil`) is a search; `file` alone or `file:` is the kind.
    if (m[2] !== undefined || query === kind) return { kind, text: m[2] ?? '' };
  }
  return { text: query };
}

export interface MentionToken {
  /** Where the `@` is. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

/**
 * The `@` token the caret is in: an `@` at the start or after white space, and no white space
 * between it and the caret (so an e-mail address or a finished mention is not one).
 */
export function mentionAtCaret(value: string, caret: number): MentionToken | undefined {
  if (caret < 1 || caret > value.length) return undefined;
  for (let i = caret - 1; i >= 0 && caret - i <= MAX_MENTION_QUERY + 1; i--) {
    const c = value[i]!;
    if (/\s/.test(c)) return undefined;
    if (c === '@') {
      if (i > 0 && !/\s/.test(value[i - 1]!)) return undefined;
      return { start: i, query: value.slice(i + 1, caret) };
    }
  }
  return undefined;
}
