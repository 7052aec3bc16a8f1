// Project rules (AGENTS.md and the like) go into the agent's prompt, so a file in the workspace
// gets to speak to the model. Such files have been used to hide instructions from the person
// reading them: zero-width characters, bidi controls that reorder what is shown, and Unicode tag
// characters that spell ASCII text no editor draws. Before the rules are used they are cut to a
// size limit and every such character is flagged, so the user sees what the model would read.

export type HiddenKind = 'invisible' | 'bidi' | 'tag' | 'control';

export interface RulesFlag {
  kind: HiddenKind;
  codePoint: number;
  /** 1-based line (lines end at \n, \r\n or a lone \r). */
  line: number;
  /** 1-based column, counted in characters (code points) from the start of the line. */
  column: number;
  /** UTF-16 offset in the returned text. */
  offset: number;
}

export interface RulesInspection {
  /** The text, cut to at most `maxBytes` UTF-8 bytes at a character boundary. */
  text: string;
  truncated: boolean;
  /** UTF-8 size of the whole input. */
  bytes: number;
  flags: RulesFlag[];
}

/**
 * What a code point is when it hides or reorders text, regardless of its neighbours; undefined for
 * ordinary characters (tab, line breaks and all printable text included).
 */
export function hiddenKind(cp: number): HiddenKind | undefined {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi';
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d) return undefined;
  if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) return 'control';
  if (
    (cp >= 0x200b && cp <= 0x200d) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    cp === 0xfeff ||
    cp === 0x180e ||
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0x1d173 && cp <= 0x1d17a) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  ) {
    return 'invisible';
  }
  return undefined;
}

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

function isVariationSelector(cp: number | undefined): boolean {
  return (cp ?? 0) >= 0xfe00 && (cp ?? 0) <= 0xfe0f;
}

/**
 * The kind of the character at `i` of `cps`, taking its neighbours into account: a byte-order
 * mark at the very start is not hidden text, a zero-width joiner between two emoji builds one
 * emoji, and one variation selector after a character picks its look; a run of variation
 * selectors, though, is how text is smuggled inside an emoji.
 */
function kindAt(cps: readonly number[], i: number): HiddenKind | undefined {
  const cp = cps[i];
  if (cp === 0xfeff && i === 0) return undefined;
  if (cp === 0x200d && i > 0 && i + 1 < cps.length && isPictographic(cps[i - 1]) && isPictographic(cps[i + 1])) return undefined;
  if (isVariationSelector(cp)) return isVariationSelector(cps[i - 1]) || isVariationSelector(cps[i + 1]) ? 'invisible' : undefined;
  return hiddenKind(cp);
}

function isPictographic(cp: number): boolean {
  // An emoji before a joiner may carry its own variation selector (❤️‍🔥).
  return PICTOGRAPHIC.test(String.fromCodePoint(cp)) || isVariationSelector(cp);
}

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) out.push(ch.codePointAt(0) ?? 0);
  return out;
}

function utf8Length(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

/** The UTF-8 size of a string (a lone surrogate counts as the 3 bytes of U+FFFD it is written as). */
export function utf8Bytes(text: string): number {
  let n = 0;
  for (const cp of codePoints(text)) n += utf8Length(cp);
  return n;
}

/** Cuts the rules to `maxBytes` of UTF-8 and flags every character that hides or reorders text. */
export function inspectRules(text: string, maxBytes: number): RulesInspection {
  const input = typeof text === 'string' ? text : '';
  const limit = typeof maxBytes === 'number' && !Number.isNaN(maxBytes) ? Math.max(0, Math.floor(maxBytes)) : 0;
  const cps = codePoints(input);
  let bytes = 0;
  let keptCps = 0;
  let keptChars = 0; // UTF-16 length of the part that fits
  for (const cp of cps) {
    bytes += utf8Length(cp);
    // `bytes` only grows, so once one character does not fit no later one does: a prefix is kept.
    if (bytes <= limit) {
      keptCps++;
      keptChars += cp > 0xffff ? 2 : 1;
    }
  }
  return { text: input.slice(0, keptChars), truncated: keptCps < cps.length, bytes, flags: flagsOf(cps.slice(0, keptCps)) };
}

function flagsOf(cps: readonly number[]): RulesFlag[] {
  const flags: RulesFlag[] = [];
  let line = 1;
  let column = 1;
  let offset = 0;
  for (const [i, cp] of cps.entries()) {
    const kind = kindAt(cps, i);
    if (kind) flags.push({ kind, codePoint: cp, line, column, offset });
    offset += cp > 0xffff ? 2 : 1;
    if (cp === 0x0a || (cp === 0x0d && cps[i + 1] !== 0x0a)) {
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return flags;
}

/** The marker shown in place of a hidden character, e.g. ⟦U+202E⟧. */
export function markerOf(cp: number): string {
  return `⟦U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟧`;
}

/** The text with every flagged character replaced by a visible marker such as ⟦U+202E⟧. */
export function showInvisibles(text: string): string {
  if (typeof text !== 'string') return '';
  const cps = codePoints(text);
  let out = '';
  for (let i = 0; i < cps.length; i++) out += kindAt(cps, i) ? markerOf(cps[i]) : String.fromCodePoint(cps[i]);
  return out;
}
