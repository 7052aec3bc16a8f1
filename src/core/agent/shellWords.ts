// The words of a POSIX-sh-like command line: quoting (single, double, backslash, bash's $'…'),
// $NAME and ${…}, $(…), backticks, <(…), >(…) and $((…)). `ShellLexer` reads them; the structure
// around them (lists, pipelines, redirections) is in shellSyntax.ts, which extends it, since a
// $(…) inside a word holds a whole command list again.
import type { ShellList } from './shellSyntax';

export interface ShellSubstitution {
  kind: 'command' | 'backtick' | 'process' | 'arithmetic';
  /** The source between the delimiters. */
  text: string;
  list: ShellList;
}

export interface ShellWord {
  /** Quotes removed and escapes applied; expansions and substitutions kept as written. */
  value: string;
  raw: string;
  /** Some of it was quoted or escaped. */
  quoted: boolean;
  /** $NAME, ${…} or $((…)) outside single quotes: the value is only known when it runs. */
  expansion: boolean;
  /** An unquoted *, ?, […] or {a,b}: the shell replaces it with file names. */
  glob: boolean;
  /** An unquoted ~ at the start: the shell replaces it with a home folder. */
  tilde: boolean;
  subs: ShellSubstitution[];
}

export interface Shared {
  errors: string[];
  comment: boolean;
}

/** How deep $(…), (…), {…} and backticks may nest before the line is refused as unreadable. */
const MAX_DEPTH = 24;
export const WORD_BREAK = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

export function emptyWord(): ShellWord {
  return { value: '', raw: '', quoted: false, expansion: false, glob: false, tilde: false, subs: [] };
}

export abstract class ShellLexer {
  protected pos = 0;

  constructor(
    protected readonly src: string,
    protected readonly shared: Shared,
    protected depth: number,
  ) {}

  /** Parses a command list up to `close` (or the end): the structure, in shellSyntax.ts. */
  abstract parseList(close?: ')' | '}' | ''): ShellList;

  /** A parser for another source (a backtick's inside), one level deeper. */
  protected abstract nested(src: string): ShellLexer;

  protected error(message: string): void {
    if (this.shared.errors.length < 20 && !this.shared.errors.includes(message)) this.shared.errors.push(message);
  }

  protected peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  protected eof(): boolean {
    return this.pos >= this.src.length;
  }

  protected nest<T>(fn: () => T, fallback: T): T {
    if (this.depth >= MAX_DEPTH) {
      this.error('The command is nested too deeply to be checked.');
      this.pos = this.src.length;
      return fallback;
    }
    this.depth++;
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  /** Reads one word at the current position; undefined when none starts here. */
  protected readWord(): ShellWord | undefined {
    const start = this.pos;
    const w = emptyWord();
    let bare = ''; // the unquoted characters, quoted ones as 'x': where globs and ~ count
    while (!this.eof()) {
      const c = this.peek();
      if ((c === '<' || c === '>') && this.peek(1) === '(' && this.pos === start) {
        const from = this.pos;
        this.pos += 2;
        w.subs.push(this.substitution('process', from + 2));
        w.value += this.src.slice(from, this.pos);
        bare += 'x';
        continue;
      }
      if (WORD_BREAK.has(c)) break;
      if (c === '\\') {
        const next = this.peek(1);
        if (next === '\n') {
          this.pos += 2;
          continue;
        }
        w.value += next === '' ? '\\' : next;
        bare += 'x';
        w.quoted = true;
        this.pos += next === '' ? 1 : 2;
      } else if (c === "'") {
        const close = this.src.indexOf("'", this.pos + 1);
        if (close < 0) this.error('A single quote is not closed.');
        const end = close < 0 ? this.src.length : close;
        w.value += this.src.slice(this.pos + 1, end);
        bare += 'x';
        w.quoted = true;
        this.pos = close < 0 ? end : end + 1;
      } else if (c === '"') {
        this.pos++;
        w.value += this.doubleQuoted(w);
        w.quoted = true;
        bare += 'x';
      } else if (c === '$' && this.peek(1) === "'") {
        w.value += this.ansiC();
        w.quoted = true;
        bare += 'x';
      } else if (c === '$' && this.peek(1) === '"') {
        this.pos += 2;
        w.value += this.doubleQuoted(w);
        w.quoted = true;
        bare += 'x';
      } else if (c === '$' || c === '`') {
        const text = this.dollar(w);
        w.value += text;
        bare += text === '$' ? '$' : 'x';
      } else {
        w.value += c;
        bare += c;
        this.pos++;
      }
    }
    if (this.pos === start) return undefined;
    w.raw = this.src.slice(start, this.pos);
    w.glob = /[*?]/.test(bare) || /\[[^\]]*\]/.test(bare) || /\{[^}]*(,|\.\.)[^}]*\}/.test(bare);
    w.tilde = bare.startsWith('~');
    return w;
  }

  /** Parses the commands of a substitution whose opening ends at `from`, up to its `)`. */
  protected substitution(kind: 'command' | 'process', from: number): ShellSubstitution {
    const list = this.nest(() => this.parseList(')'), { items: [] });
    const text = this.src.slice(from, this.pos);
    if (this.peek() === ')') this.pos++;
    else this.error(kind === 'process' ? 'A "<(" or ">(" is not closed.' : 'A "$(" is not closed.');
    return { kind, text, list };
  }

  /**
   * Reads what starts with `$` or a backtick at the current position (outside single quotes) and
   * returns it as written. Substitutions are added to `w.subs`; `$NAME` and `${…}` mark
   * `w.expansion`.
   */
  private dollar(w: ShellWord): string {
    const from = this.pos;
    const c = this.peek();
    const next = this.peek(1);
    if (c === '`') {
      this.backtick(w);
    } else if (next === '(' && this.peek(2) === '(') {
      this.pos += 3;
      const end = this.arithmeticEnd();
      const text = this.src.slice(from + 3, end);
      this.pos = end < 0 ? this.src.length : end + 2;
      if (end < 0) this.error('A "$((" is not closed.');
      w.expansion = true;
      w.subs.push({ kind: 'arithmetic', text, list: this.nest(() => this.nested(end < 0 ? this.src.slice(from + 3) : text).parseList(), { items: [] }) });
    } else if (next === '(') {
      this.pos += 2;
      w.subs.push(this.substitution('command', from + 2));
    } else if (next === '{') {
      this.pos += 2;
      w.expansion = true;
      this.nest(() => this.braceExpansion(w), undefined);
    } else if (/[A-Za-z_]/.test(next)) {
      w.expansion = true;
      this.pos += 2;
      while (/[A-Za-z0-9_]/.test(this.peek())) this.pos++;
    } else if (next !== '' && '0123456789@*#?$!-'.includes(next)) {
      w.expansion = true;
      this.pos += 2;
    } else {
      this.pos++;
    }
    return this.src.slice(from, this.pos);
  }

  /** The index of the `))` closing an arithmetic expansion, or -1. */
  private arithmeticEnd(): number {
    let depth = 0;
    for (let i = this.pos; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) return this.src[i + 1] === ')' ? i : -1;
        depth--;
      }
    }
    return -1;
  }

  private braceExpansion(w: ShellWord): void {
    for (;;) {
      if (this.eof()) {
        this.error('A "${" is not closed.');
        return;
      }
      const c = this.peek();
      if (c === '}') {
        this.pos++;
        return;
      }
      if (c === '\\') this.pos += 2;
      else if (c === "'") {
        const close = this.src.indexOf("'", this.pos + 1);
        this.pos = close < 0 ? this.src.length : close + 1;
      } else if (c === '"') {
        this.pos++;
        this.doubleQuoted(w);
      } else if (c === '$' || c === '`') this.dollar(w);
      else this.pos++;
    }
  }

  private backtick(w: ShellWord): void {
    const from = this.pos;
    this.pos++;
    let inner = '';
    for (;;) {
      if (this.eof()) {
        this.error('A backtick (`) is not closed.');
        break;
      }
      const c = this.peek();
      if (c === '`') {
        this.pos++;
        break;
      }
      if (c === '\\' && '`\\$'.includes(this.peek(1)) && this.peek(1) !== '') {
        inner += this.peek(1);
        this.pos += 2;
      } else {
        inner += c;
        this.pos++;
      }
    }
    const list = this.nest(() => this.nested(inner).parseList(), { items: [] });
    w.subs.push({ kind: 'backtick', text: this.src.slice(from + 1, Math.max(from + 1, this.pos - 1)), list });
  }

  /** Reads the rest of a double-quoted string (the opening quote consumed) and returns its value. */
  private doubleQuoted(w: ShellWord): string {
    let value = '';
    for (;;) {
      if (this.eof()) {
        this.error('A double quote is not closed.');
        return value;
      }
      const c = this.peek();
      if (c === '"') {
        this.pos++;
        return value;
      }
      if (c === '\\') {
        const next = this.peek(1);
        if (next === '\n') this.pos += 2;
        else if (next !== '' && '$`"\\'.includes(next)) {
          value += next;
          this.pos += 2;
        } else {
          value += '\\';
          this.pos++;
        }
      } else if (c === '$' || c === '`') {
        value += this.dollar(w);
      } else {
        value += c;
        this.pos++;
      }
    }
  }

  /** Reads $'…' (bash's ANSI-C quoting) and returns its decoded value: $'\x72m' is `rm`. */
  private ansiC(): string {
    this.pos += 2;
    let value = '';
    for (;;) {
      if (this.eof()) {
        this.error('A single quote is not closed.');
        return value;
      }
      const c = this.peek();
      if (c === "'") {
        this.pos++;
        return value;
      }
      if (c !== '\\') {
        value += c;
        this.pos++;
        continue;
      }
      const rest = this.src.slice(this.pos + 1, this.pos + 11);
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
      let m: RegExpExecArray | null;
      if (rest[0] !== undefined && simple[rest[0]] !== undefined) {
        value += simple[rest[0]];
        this.pos += 2;
      } else if ((m = /^x([0-9a-fA-F]{1,2})/.exec(rest)) || (m = /^u([0-9a-fA-F]{1,4})/.exec(rest)) || (m = /^U([0-9a-fA-F]{1,8})/.exec(rest))) {
        const cp = parseInt(m[1], 16);
        value += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
        this.pos += 1 + m[0].length;
      } else if ((m = /^([0-7]{1,3})/.exec(rest))) {
        value += String.fromCharCode(parseInt(m[1], 8) & 0xff);
        this.pos += 1 + m[0].length;
      } else if ((m = /^c(.)/.exec(rest))) {
        value += String.fromCharCode(m[1].charCodeAt(0) & 0x1f);
        this.pos += 3;
      } else {
        value += '\\';
        this.pos++;
      }
    }
  }

  /** The substitutions in an unquoted here-document body, which the shell expands. */
  scanExpansions(): ShellSubstitution[] {
    const w = emptyWord();
    while (!this.eof()) {
      const c = this.peek();
      if (c === '\\') this.pos += 2;
      else if (c === '$' || c === '`') this.dollar(w);
      else this.pos++;
    }
    return w.subs;
  }
}
