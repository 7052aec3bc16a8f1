// A parser for POSIX-sh-like command lines, made to decide whether a command may run without
// asking, never to run one. It reads quoting (single, double, backslash, $'…'), the operators
// ; && || | |& & and newlines, $(…), backticks, <(…) and >(…), $((…)), ${…}, subshells (…),
// groups { …; }, function definitions, redirections with here-documents, NAME=value prefixes and
// the keywords of if/while/for, well enough to see every command a line would run. It never
// throws: what it cannot read is reported in `errors` and parsing goes on from the next
// character, so the commands around a syntax error are still seen.
import type { ShellSubstitution, ShellWord, Shared } from './shellWords';
import { emptyWord, ShellLexer, WORD_BREAK } from './shellWords';


export interface HereDoc {
  delimiter: string;
  body: string;
  /** A quoted delimiter: the body is taken literally; otherwise $(…) in it runs. */
  quoted: boolean;
  subs: ShellSubstitution[];
}

export interface ShellRedirect {
  /** The operator with its file descriptor, as written: `>`, `2>`, `&>`, `2>&`, `<<`, `<<<`… */
  op: string;
  target: ShellWord | undefined;
  heredoc?: HereDoc;
}

export interface SimpleCommand {
  type: 'simple';
  assignments: ShellWord[];
  words: ShellWord[];
  redirects: ShellRedirect[];
  /** Reserved words before the command (if, then, do, while, !…). */
  keywords: string[];
  /** A `for`/`select`/`case` header: its words are not a command. */
  control?: string;
  text: string;
}

export interface CompoundCommand {
  type: 'subshell' | 'group';
  body: ShellList;
  redirects: ShellRedirect[];
  text: string;
}

export interface FunctionDefinition {
  type: 'function';
  name: string;
  body: ShellCommand;
  text: string;
}

export type ShellCommand = SimpleCommand | CompoundCommand | FunctionDefinition;

export interface Pipeline {
  commands: ShellCommand[];
}

export type Separator = ';' | '&' | '&&' | '||' | '\n' | '';

export interface ShellList {
  items: { pipeline: Pipeline; separator: Separator }[];
}

export interface ShellTree {
  list: ShellList;
  errors: string[];
  /** The line has a # comment. */
  comment: boolean;
}

const PREFIX_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', 'coproc']);
const END_KEYWORDS = new Set(['fi', 'done', 'esac']);
const CONTROL_KEYWORDS = new Set(['for', 'select', 'case']);
const REDIRECT = /(\d*)(>>|>&|>\||<<<|<<-|<<|<&|<>|>|<)|(&>>|&>)/y;

interface PendingHereDoc {
  doc: HereDoc;
  strip: boolean;
}

class Parser extends ShellLexer {
  private readonly pending: PendingHereDoc[] = [];

  protected nested(src: string): Parser {
    return new Parser(src, this.shared, this.depth);
  }

  /** Skips spaces, tabs and backslash-newline continuations. */
  private blanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else return;
    }
  }

  private comment(): void {
    this.shared.comment = true;
    while (!this.eof() && this.peek() !== '\n') this.pos++;
  }

  /** Consumes a newline and the bodies of the here-documents started on its line. */
  private newline(): void {
    this.pos++;
    const docs = this.pending.splice(0);
    for (const { doc, strip } of docs) {
      const lines: string[] = [];
      let closed = false;
      while (!this.eof()) {
        const nl = this.src.indexOf('\n', this.pos);
        const end = nl < 0 ? this.src.length : nl;
        const line = this.src.slice(this.pos, end);
        this.pos = nl < 0 ? end : end + 1;
        if ((strip ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
          closed = true;
          break;
        }
        lines.push(line);
      }
      if (!closed) this.error(`The here-document "${doc.delimiter}" is not closed.`);
      doc.body = lines.join('\n') + (closed && lines.length > 0 ? '\n' : '');
      if (!doc.quoted) doc.subs = this.nest(() => this.nested(doc.body).scanExpansions(), []);
    }
  }

  private blanksAndNewlines(): void {
    for (;;) {
      this.blanks();
      if (this.peek() === '\n') this.newline();
      else if (this.peek() === '#') this.comment();
      else return;
    }
  }

  /** True at an unquoted reserved word such as `{` or `}` standing alone. */
  private atWord(word: string): boolean {
    if (!this.src.startsWith(word, this.pos)) return false;
    const after = this.src[this.pos + word.length];
    return after === undefined || WORD_BREAK.has(after);
  }

  override parseList(close: ')' | '}' | '' = ''): ShellList {
    const items: ShellList['items'] = [];
    for (;;) {
      this.blanksAndNewlines();
      if (this.eof()) break;
      if (close === ')' && this.peek() === ')') break;
      if (close === '}' && this.atWord('}')) break;
      const c = this.peek();
      if (c === ')' || c === ';' || c === '&' || c === '|') {
        this.error(`Unexpected "${c}".`);
        this.pos++;
        continue;
      }
      const before = this.pos;
      const pipeline = this.parsePipeline();
      const separator = this.separator();
      items.push({ pipeline, separator });
      if (this.pos === before) {
        this.error(`Unexpected "${this.peek()}".`);
        this.pos++;
      }
    }
    if (close === '' && this.pending.length > 0) this.error(`The here-document "${this.pending[0].doc.delimiter}" is not closed.`);
    return { items };
  }

  private separator(): Separator {
    this.blanks();
    if (this.peek() === '#') this.comment();
    const c = this.peek();
    const two = c + this.peek(1);
    if (two === '&&' || two === '||') {
      this.pos += 2;
      this.blanksAndNewlines();
      // A shell would wait for the rest of the line, and run whatever is typed next.
      if (this.eof() || this.peek() === ')') this.error(`The command ends with "${two}".`);
      return two;
    }
    if (two === ';;') {
      this.error('"case" statements are not supported.');
      this.pos += 2;
      return ';';
    }
    if (c === ';' || c === '&') {
      this.pos++;
      return c;
    }
    if (c === '\n') {
      this.newline();
      return '\n';
    }
    return '';
  }

  private parsePipeline(): Pipeline {
    const commands = [this.parseCommand()];
    for (;;) {
      this.blanks();
      if (this.peek() !== '|' || this.peek(1) === '|') break;
      this.pos += this.peek(1) === '&' ? 2 : 1;
      this.blanksAndNewlines();
      if (this.eof() || ';&|)'.includes(this.peek())) this.error('A pipe (|) has no command after it.');
      commands.push(this.parseCommand());
    }
    return { commands };
  }

  private parseCommand(): ShellCommand {
    this.blanks();
    const start = this.pos;
    if (this.peek() === '(') {
      this.pos++;
      const body = this.nest(() => this.parseList(')'), { items: [] });
      if (this.peek() === ')') this.pos++;
      else this.error('A "(" is not closed.');
      const redirects = this.trailingRedirects();
      return { type: 'subshell', body, redirects, text: this.src.slice(start, this.pos).trim() };
    }
    if (this.atWord('{')) {
      this.pos++;
      const body = this.nest(() => this.parseList('}'), { items: [] });
      if (this.atWord('}')) this.pos++;
      else this.error('A "{" is not closed.');
      const redirects = this.trailingRedirects();
      return { type: 'group', body, redirects, text: this.src.slice(start, this.pos).trim() };
    }
    return this.parseSimple(start);
  }

  private trailingRedirects(): ShellRedirect[] {
    const out: ShellRedirect[] = [];
    for (;;) {
      this.blanks();
      const r = this.redirect();
      if (!r) return out;
      out.push(r);
    }
  }

  private redirect(): ShellRedirect | undefined {
    REDIRECT.lastIndex = this.pos;
    const m = REDIRECT.exec(this.src);
    if (!m) return undefined;
    const op = m[0];
    // `<(` and `>(` are process substitutions, words of their own.
    if (!m[1] && (op === '<' || op === '>') && this.src[this.pos + 1] === '(') return undefined;
    this.pos += op.length;
    this.blanks();
    if (/^\d*<<-?$/.test(op)) {
      const word = this.readWord();
      if (!word) {
        this.error('A here-document has no delimiter.');
        return { op, target: undefined };
      }
      const doc: HereDoc = { delimiter: word.value, body: '', quoted: word.quoted, subs: [] };
      this.pending.push({ doc, strip: op.endsWith('-') });
      return { op, target: word, heredoc: doc };
    }
    const target = this.readWord();
    if (!target) this.error(`The redirection "${op}" has no target.`);
    return { op, target };
  }

  private parseSimple(start: number): ShellCommand {
    const cmd: SimpleCommand = { type: 'simple', assignments: [], words: [], redirects: [], keywords: [], text: '' };
    let end = this.pos;
    for (;;) {
      this.blanks();
      if (this.eof()) break;
      const c = this.peek();
      if (c === '#') {
        this.comment();
        break;
      }
      const r = this.redirect();
      if (r) {
        cmd.redirects.push(r);
        end = this.pos;
        continue;
      }
      if (c === '\n' || c === ';' || c === '&' || c === '|' || c === ')') break;
      if (c === '(') {
        if (cmd.words.length === 1 && !cmd.control && cmd.assignments.length === 0 && /^\(\s*\)/.test(this.src.slice(this.pos))) {
          return this.functionBody(cmd.words[0].value, start, /^\(\s*\)/.exec(this.src.slice(this.pos))?.[0].length ?? 2);
        }
        // Not sh, but PowerShell's `iex (iwr …)`: read the inside as commands so they are seen.
        this.error('Unexpected "(".');
        this.pos++;
        const list = this.nest(() => this.parseList(')'), { items: [] });
        if (this.peek() === ')') this.pos++;
        cmd.words.push({ ...emptyWord(), subs: [{ kind: 'command', text: '', list }] });
        end = this.pos;
        continue;
      }
      const word = this.readWord();
      if (!word) {
        this.error(`Unexpected "${c}".`);
        this.pos++;
        continue;
      }
      end = this.pos;
      const bare = cmd.words.length === 0 && !cmd.control && !word.quoted;
      if (bare && cmd.assignments.length === 0 && word.value === 'function') {
        this.blanks();
        const name = this.readWord();
        const m = /^\s*\(\s*\)/.exec(this.src.slice(this.pos));
        return this.functionBody(name?.value ?? '', start, m ? m[0].length : 0);
      }
      if (cmd.words.length === 0 && !cmd.control && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word.raw)) cmd.assignments.push(word);
      else if (bare && cmd.assignments.length === 0 && (PREFIX_KEYWORDS.has(word.value) || END_KEYWORDS.has(word.value))) cmd.keywords.push(word.value);
      else if (bare && cmd.assignments.length === 0 && CONTROL_KEYWORDS.has(word.value)) cmd.control = word.value;
      else cmd.words.push(word);
    }
    cmd.text = this.src.slice(start, end).trim();
    return cmd;
  }

  private functionBody(name: string, start: number, skip: number): FunctionDefinition {
    this.pos += skip;
    this.blanksAndNewlines();
    const empty: CompoundCommand = { type: 'group', body: { items: [] }, redirects: [], text: '' };
    if (this.eof()) this.error(`The function "${name}" has no body.`);
    const body = this.eof() ? empty : this.nest(() => this.parseCommand(), empty);
    return { type: 'function', name, body, text: this.src.slice(start, this.pos).trim() };
  }
}

/** Parses a command line. Total: any input gives a tree, with what could not be read in `errors`. */
export function parseShell(line: string): ShellTree {
  const shared: Shared = { errors: [], comment: false };
  const src = typeof line === 'string' ? line.replace(/\r\n/g, '\n') : '';
  let list: ShellList;
  try {
    list = new Parser(src, shared, 0).parseList();
  } catch {
    // Defensive: the parser is written not to throw; if it ever does, nothing is taken as read.
    shared.errors.push('The command could not be read.');
    list = { items: [] };
  }
  return { list, errors: shared.errors, comment: shared.comment };
}

/** Every simple command in a list, nested ones (substitutions, subshells, bodies) included, in order. */
export function simpleCommands(list: ShellList): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  const visitWords = (words: readonly ShellWord[]) => {
    for (const w of words) for (const s of w.subs) visitList(s.list);
  };
  const visitRedirects = (redirects: readonly ShellRedirect[]) => {
    for (const r of redirects) {
      if (r.target) visitWords([r.target]);
      for (const s of r.heredoc?.subs ?? []) visitList(s.list);
    }
  };
  const visitCommand = (c: ShellCommand) => {
    if (c.type === 'simple') {
      out.push(c);
      visitWords(c.assignments);
      visitWords(c.words);
      visitRedirects(c.redirects);
    } else if (c.type === 'function') {
      visitCommand(c.body);
    } else {
      visitList(c.body);
      visitRedirects(c.redirects);
    }
  };
  const visitList = (l: ShellList) => {
    for (const item of l.items) for (const c of item.pipeline.commands) visitCommand(c);
  };
  visitList(list);
  return out;
}
