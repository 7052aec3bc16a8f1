// How the simulator answers an inline-completion prompt (a file with a hole marker, sent to
// /chat/completions): deterministically, with a plausible continuation of the code at the hole,
// wrapped as the prompt asks (`<COMPLETION>…</COMPLETION>`). Given a corpus (the files a test
// or benchmark "types"), it answers with what really follows the cursor there, like a model that
// guesses right; `slip` makes it answer the way chat models get it wrong (fences, echoes), so the
// clean-up is exercised end to end.
//
//   sim.completions = { delayMs: 300 };                 // wait before answering (abort, debounce)
//   sim.completions = { corpus: [fileText], chunkDelayMs: 20 };

export interface CompletionSimOptions {
  /** Wait this long before the answer's headers (ms): time for a keystroke to abort it. */
  delayMs?: number;
  /** Pause between the answer's stream events (ms), so its lines arrive one after another. */
  chunkDelayMs?: number;
  /** Characters per text delta (default 6). */
  chunkChars?: number;
  /** Texts the simulated model knows: where the text before the hole appears in one, it answers with what follows. */
  corpus?: readonly string[];
  /** Answer as chat models often do: wrapped in a Markdown fence, or with the cursor's line echoed first. */
  slip?: 'fence' | 'echo';
  /** Answer with this text (inside the tags) whatever the prompt. */
  reply?: string;
}

interface Message {
  role: string;
  content?: unknown;
}

const HOLE_RE = /\{\{FILL_HERE(?:_\d+)?\}\}/;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : '')).join('');
  return '';
}

export interface CompletionPromptParts {
  prefix: string;
  suffix: string;
  language: string;
  mode: 'line' | 'block';
}

/** The parts of a completion prompt, or undefined when the messages are not one. */
export function parseCompletionPrompt(messages: readonly Message[]): CompletionPromptParts | undefined {
  const system = textOf(messages.find((m) => m.role === 'system')?.content);
  const user = textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
  if (!system.includes('code completion engine')) return undefined;
  const start = user.indexOf('<FILE>\n');
  const end = user.lastIndexOf('\n</FILE>');
  if (start < 0 || end < start) return undefined;
  let file = user.slice(start + 7, end);
  const omitted = file.indexOf('\n… (lines omitted) …\n');
  if (omitted >= 0) file = file.slice(omitted + '\n… (lines omitted) …\n'.length);
  const hole = HOLE_RE.exec(file);
  if (!hole) return undefined;
  const language = /^Language: (.*)$/m.exec(user)?.[1] ?? '';
  const mode = system.includes('only the rest of the current line') ? 'line' : 'block';
  return { prefix: file.slice(0, hole.index), suffix: file.slice(hole.index + hole[0].length), language, mode };
}

/** What a model that knows the corpus would write: the text after the longest match of the prefix's end. */
function fromCorpus(parts: CompletionPromptParts, corpus: readonly string[]): string | undefined {
  for (let len = Math.min(parts.prefix.length, 400); len >= 12; len = Math.floor(len / 2)) {
    const key = parts.prefix.slice(-len);
    for (const text of corpus) {
      const at = text.indexOf(key);
      if (at < 0) continue;
      const rest = text.slice(at + key.length);
      const lines = rest.split('\n');
      if (parts.mode === 'line') return lines[0];
      // A block: the rest of this line and the lines that follow, up to a blank line (at most 6).
      const out = [lines[0]];
      for (let i = 1; i < lines.length && i < 6 && lines[i].trim(); i++) out.push(lines[i]);
      return out.join('\n');
    }
  }
  return undefined;
}

const FUNCTION_RE = /(?:function\s+(\w+)|def\s+(\w+)|func\s+(?:\([^)]*\)\s*)?(\w+))\s*\(([^)]*)\)/g;

/** The parameter names of a parameter list in TS, Python or Go (`a: number, b` → a, b; `a, b int` → a, b). */
function paramNames(list: string): string[] {
  return list
    .split(',')
    .map((p) => p.trim().replace(/^(self|cls)$/, ''))
    .filter(Boolean)
    .map((p) => /^[*&]*(\w+)/.exec(p)?.[1] ?? '')
    .filter(Boolean);
}

/** Without a corpus: a short, plausible continuation from the nearest function above the cursor. */
function plausible(parts: CompletionPromptParts): string {
  const lineHead = parts.prefix.slice(parts.prefix.lastIndexOf('\n') + 1);
  let last: { name: string; params: string[] } | undefined;
  for (const m of parts.prefix.matchAll(FUNCTION_RE)) last = { name: m[1] ?? m[2] ?? m[3], params: paramNames(m[4]) };
  const python = /python/i.test(parts.language);
  const go = /^go$/i.test(parts.language);
  const semi = python || go ? '' : ';';
  const params = last?.params.length ? last.params : ['value'];
  if (parts.mode === 'block') {
    if (!lineHead.trim()) return `return ${params.join(' + ')}${semi}`;
    return `\n${lineHead.match(/^\s*/)![0]}${python ? '    ' : '  '}return ${params.join(' + ')}${semi}`;
  }
  // A keyword begun: `re` → `turn a + b;`.
  const word = /(\w+)$/.exec(lineHead)?.[1];
  if (word && word !== 'return' && 'return'.startsWith(word)) return `${'return'.slice(word.length)} ${params.join(' + ')}${semi}`;
  if (/=\s*$/.test(lineHead)) return `${last?.name ?? 'compute'}(${params.map((_, i) => i + 1).join(', ')})${semi}`;
  if (/\(\s*$/.test(lineHead)) return `${params.join(', ')})`;
  return `${/\s$/.test(lineHead) || !lineHead ? '' : ' '}// done`;
}

/** The text up to the first stop sequence, which is left out (as OpenAI-compatible gateways do). */
export function applyStop(text: string, stop: string | readonly string[] | undefined): string {
  let end = text.length;
  for (const s of typeof stop === 'string' ? [stop] : (stop ?? [])) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}

/** The answer's text for a completion prompt (cut at the request's stop sequences), or undefined when the messages are not one. */
export function completionAnswer(messages: readonly Message[], options: CompletionSimOptions = {}, stop?: string | readonly string[]): string | undefined {
  const parts = parseCompletionPrompt(messages);
  if (!parts) return undefined;
  const text = options.reply ?? (options.corpus ? fromCorpus(parts, options.corpus) : undefined) ?? plausible(parts);
  const lineHead = parts.prefix.slice(parts.prefix.lastIndexOf('\n') + 1);
  const wrapped =
    options.slip === 'fence'
      ? `<COMPLETION>\`\`\`\n${text}\n\`\`\`</COMPLETION>`
      : options.slip === 'echo'
        ? `<COMPLETION>${lineHead.trimStart()}${text}</COMPLETION>`
        : `<COMPLETION>${text}</COMPLETION>`;
  return applyStop(wrapped, stop);
}
