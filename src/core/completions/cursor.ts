// What surrounds the cursor, as much of it as a completion prompt may carry: the text before and
// after it (bounded, cut at line boundaries), the file's imports when the window does not reach
// the top of the file, and whether the answer should be one line or a block. Works on any source
// of lines, so the editor's document (the extension) and a plain string (tests, the benchmark)
// go through the same code; the reads are bounded by the window, never by the file's length.

/** A document as the window reads it: lines without their line breaks. */
export interface LinesSource {
  readonly lineCount: number;
  lineText(line: number): string;
}

export interface WindowLimits {
  /** Characters before the cursor (whole lines, except the cursor's own). */
  prefixChars: number;
  /** Characters after the cursor. */
  suffixChars: number;
  /** Characters of import lines sent when the prefix does not start at the top of the file. */
  importChars: number;
  /** Lines at the top of the file searched for imports. */
  importScanLines: number;
}

export const DEFAULT_LIMITS: WindowLimits = { prefixChars: 6000, suffixChars: 2000, importChars: 1200, importScanLines: 200 };

export interface CursorWindow {
  /** Text before the cursor, `\n` line breaks. */
  prefix: string;
  /** Text after the cursor, `\n` line breaks. */
  suffix: string;
  /** The file's imports, when `prefix` does not start at line 0 (else empty). */
  imports: string;
  /** Whether `prefix` starts at the top of the file. */
  prefixAtTop: boolean;
  /** Whether `suffix` ends at the end of the file. */
  suffixAtEnd: boolean;
}

/** Lines as a LinesSource (tests and the benchmark). */
export function linesOf(text: string): LinesSource & { lines: string[] } {
  const lines = text.split(/\r?\n/);
  return { lines, lineCount: lines.length, lineText: (i) => lines[i] ?? '' };
}

/** The window around (line, character): whole lines back to `prefixChars`, forward to `suffixChars`. */
export function cursorWindow(src: LinesSource, line: number, character: number, limits: WindowLimits = DEFAULT_LIMITS): CursorWindow {
  const current = src.lineText(line);
  const head = current.slice(0, character);
  const tail = current.slice(character);

  const before: string[] = [head];
  let used = head.length;
  let first = line;
  while (first > 0) {
    const text = src.lineText(first - 1);
    if (used + text.length + 1 > limits.prefixChars) break;
    before.push(text);
    used += text.length + 1;
    first--;
  }
  const after: string[] = [tail];
  used = tail.length;
  let last = line;
  while (last < src.lineCount - 1) {
    const text = src.lineText(last + 1);
    if (used + text.length + 1 > limits.suffixChars) break;
    after.push(text);
    used += text.length + 1;
    last++;
  }
  const prefixAtTop = first === 0;
  return {
    prefix: before.reverse().join('\n'),
    suffix: after.join('\n'),
    imports: prefixAtTop ? '' : importLines(src, first, limits),
    prefixAtTop,
    suffixAtEnd: last === src.lineCount - 1,
  };
}

// Lines that bring names into a file, in the languages people complete most: JS/TS, Python, Go,
// Rust, Java/Kotlin/C#/Scala, C/C++, PHP, Ruby, Swift, Dart, Elixir.
const IMPORT_LINE =
  /^\s*(import\b|from\s+\S+\s+import\b|export\s+(\*|\{[^}]*\}|type\s+\{)[^;]*\bfrom\b|(const|let|var)\s+[\w{}\s,:]+=\s*require\(|#\s*include\b|#\s*import\b|using\s+[\w.]+\s*;|package\s+[\w.]+|use\s+[\w:{}\s,*]+;|require(_once)?\s*\(?['"]|require_relative\b|@import\b|alias\s+[\w.]+|library\s*\()/;

/** The import lines among the first `importScanLines` lines before `before` (a Go `import ( … )` block whole). */
export function importLines(src: LinesSource, before: number, limits: Pick<WindowLimits, 'importChars' | 'importScanLines'> = DEFAULT_LIMITS): string {
  const out: string[] = [];
  let used = 0;
  let inBlock = false;
  const end = Math.min(before, limits.importScanLines, src.lineCount);
  for (let i = 0; i < end; i++) {
    const text = src.lineText(i);
    const take = inBlock || IMPORT_LINE.test(text);
    if (!take) continue;
    if (/^\s*import\s*\($/.test(text)) inBlock = true;
    else if (inBlock && /^\s*\)\s*$/.test(text)) inBlock = false;
    if (used + text.length + 1 > limits.importChars) break;
    out.push(text);
    used += text.length + 1;
  }
  return out.join('\n');
}

/** One line: the rest of the current line. Block: the rest of the line and the lines after it, up to the end of the block. */
export type CompletionMode = 'line' | 'block';

/** A line that opens a block: the answer may go on over several lines. */
const OPENS_BLOCK = /([{([:]|=>|\bdo|\bthen|\belse)\s*$/;

/**
 * `line` when anything follows the cursor on its line (even a bracket the editor closed) or
 * after ordinary code; `block` on an empty or indentation-only line, or at the end of a line that
 * opens a block.
 */
export function completionMode(prefix: string, suffix: string): CompletionMode {
  const { head, tail } = cursorLine(prefix, suffix);
  if (tail.trim()) return 'line';
  return !head.trim() || OPENS_BLOCK.test(head) ? 'block' : 'line';
}

/** The text of the cursor's line before the cursor, and after it. */
export function cursorLine(prefix: string, suffix: string): { head: string; tail: string } {
  const nl = suffix.indexOf('\n');
  return { head: prefix.slice(prefix.lastIndexOf('\n') + 1), tail: nl < 0 ? suffix : suffix.slice(0, nl) };
}

/** Leading whitespace of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}
