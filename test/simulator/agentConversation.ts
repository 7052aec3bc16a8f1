// What the simulator's agent scenarios read from a chat request: which scenario the user asked
// for, which tools the request offers, and every tool call made since, with what its result says
// (done, denied by the user, refused for safety, failed, or not run). Also the text helpers the
// scenarios need to build edits that really apply: a read result's lines without their numbers,
// and search texts that occur exactly once.

/** `[[agent:name]]` or `[[agent:name:argument]]` (the argument runs to the closing brackets). */
export const AGENT_MARKER = /\[\[agent:([a-z][a-z-]*)(?::([^\]]*))?\]\]/i;

/** A tool call as a scenario asks for it; the simulator adds the id and streams it. */
export interface AgentCall {
  name: string;
  /** The JSON arguments text, exactly as streamed (a scenario may send broken JSON on purpose). */
  arguments: string;
}

/** The next assistant message: text (a preface, or the final answer) and the tool calls, if any. */
export interface AgentTurn {
  text: string;
  toolCalls: AgentCall[];
}

/**
 * What a tool result says happened. Decided from its first line (a status sentence such as
 * "Denied: …", "Refused: … is outside the workspace", "Error: …"), never from file content: a
 * line that starts with a line number is content, so a file that mentions "error" still reads as
 * done.
 */
export type ResultKind = 'ok' | 'denied' | 'refused' | 'failed' | 'notRun';

export interface ToolOutcome {
  kind: ResultKind;
  text: string;
}

export interface PastCall {
  id: string;
  name: string;
  arguments: string;
  /** The parsed arguments; undefined when they were not a JSON object. */
  args: Record<string, unknown> | undefined;
  /** Which assistant message (0 = the first since the marker) asked for it. */
  turn: number;
  result: ToolOutcome;
}

export interface AgentRequest {
  scenario: string;
  /** The marker's argument, trimmed ('' when none). */
  arg: string;
  /** Names of the tools the request offers (empty: not agent mode). */
  offered: ReadonlySet<string>;
  /** Every tool call since the user message with the marker, in order, each with its result. */
  calls: PastCall[];
}

interface WireMessage {
  role?: unknown;
  content?: unknown;
  tool_call_id?: unknown;
  tool_calls?: unknown;
}

/** The text of a message's content (a string or text parts). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((p: { type?: unknown; text?: unknown }) => (p?.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
  }
  return '';
}

/**
 * The scenario a request asks for, or undefined when no user message carries a marker. The
 * latest user message with a marker wins (normally the first message of the conversation), so
 * one conversation can try several scenarios; steps are counted from that message on.
 */
export function readAgentRequest(body: unknown): AgentRequest | undefined {
  const b = body as { messages?: unknown; tools?: unknown; tool_choice?: unknown } | undefined;
  if (!b || !Array.isArray(b.messages)) return undefined;
  const messages = b.messages as WireMessage[];
  let start = -1;
  let marker: RegExpExecArray | null = null;
  for (let i = messages.length - 1; i >= 0 && start < 0; i--) {
    if (messages[i]?.role !== 'user') continue;
    marker = AGENT_MARKER.exec(messageText(messages[i].content));
    if (marker) start = i;
  }
  if (!marker) return undefined;

  const offered = new Set<string>();
  if (Array.isArray(b.tools) && b.tool_choice !== 'none') {
    for (const t of b.tools as { function?: { name?: unknown } }[]) if (typeof t?.function?.name === 'string') offered.add(t.function.name);
  }

  const results = new Map<string, string>();
  for (const m of messages.slice(start + 1)) {
    if (m?.role === 'tool' && typeof m.tool_call_id === 'string') results.set(m.tool_call_id, messageText(m.content));
  }
  const calls: PastCall[] = [];
  let turn = 0;
  for (const m of messages.slice(start + 1)) {
    if (m?.role !== 'assistant' || !Array.isArray(m.tool_calls) || !m.tool_calls.length) continue;
    for (const c of m.tool_calls as { id?: unknown; function?: { name?: unknown; arguments?: unknown } }[]) {
      const id = typeof c?.id === 'string' ? c.id : '';
      const name = typeof c?.function?.name === 'string' ? c.function.name : '';
      const raw = typeof c?.function?.arguments === 'string' ? c.function.arguments : '';
      const text = results.get(id);
      calls.push({ id, name, arguments: raw, args: parseArgs(raw), turn, result: text === undefined ? { kind: 'notRun', text: '' } : classifyResult(text) });
    }
    turn++;
  }
  return { scenario: marker[1].toLowerCase(), arg: (marker[2] ?? '').trim(), offered, calls };
}

function parseArgs(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The first lines of results the scenarios recognise, checked in this order. */
export const RESULT_PATTERNS: readonly (readonly [Exclude<ResultKind, 'ok'>, RegExp])[] = [
  ['notRun', /\bwas not run\b|\bdid not run\b/i],
  ['refused', /outside (?:of )?the workspace|not (?:inside|in) the workspace|leaves the workspace|\brefused\b|\bblocked\b|\bnot allowed\b/i],
  ['denied', /\b(?:denied|declined|rejected)\b|\bdid(?: not|n't) (?:approve|allow)\b|\bnot approved\b|\buser said no\b/i],
  [
    'failed',
    /^(?:error|failed|failure)\b|\b(?:error|failed)\s*:|unknown tool|no such (?:file|tool)|not found|does not exist|invalid (?:json|arguments?)|not valid json|could not|cannot|can't|unable to|must occur exactly once|not unique/i,
  ],
];

/** A line of a read result that starts with its line number: `12: text`, `12\ttext`, `12 | text`, `L12: text`. */
const NUMBERED_LINE = /^\s*L?(\d+)(?:\t| ?[:|│→] ?)(.*)$/;

export function classifyResult(text: string): ToolOutcome {
  let status = firstLine(text);
  if (status.startsWith('{')) {
    // A JSON result: its error (or status) field is the status line.
    try {
      const o = JSON.parse(text) as { error?: unknown; status?: unknown; message?: unknown };
      if (o.error !== undefined) {
        const e = typeof o.error === 'string' ? o.error : typeof (o.error as { message?: unknown })?.message === 'string' ? (o.error as { message: string }).message : 'error';
        const kind = RESULT_PATTERNS.find(([, re]) => re.test(e))?.[0] ?? 'failed';
        return { kind, text };
      }
      status = typeof o.status === 'string' ? o.status : typeof o.message === 'string' ? o.message : '';
    } catch {
      // Not JSON after all: read the first line as it is.
    }
  }
  if (NUMBERED_LINE.test(status)) return { kind: 'ok', text };
  const kind = RESULT_PATTERNS.find(([, re]) => re.test(status))?.[0] ?? 'ok';
  return { kind, text };
}

export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .find((l) => l.trim())
      ?.trim() ?? ''
  );
}

/** A read result's file lines: the longest run of consecutively numbered lines, numbers removed; the whole text when no line is numbered. */
export function readLines(result: string): { lines: string[]; first: number; last: number; numbered: boolean } {
  const raw = result.split(/\r?\n/);
  let best: { start: number; len: number; first: number } | undefined;
  let run: { start: number; len: number; first: number } | undefined;
  let prev = NaN;
  raw.forEach((l, i) => {
    const m = NUMBERED_LINE.exec(l);
    const n = m ? Number(m[1]) : NaN;
    if (m && run && n === prev + 1) run.len++;
    else run = m ? { start: i, len: 1, first: n } : undefined;
    prev = n;
    if (run && (!best || run.len > best.len)) best = { ...run };
  });
  if (!best) {
    const lines = raw.length > 1 && raw[raw.length - 1] === '' ? raw.slice(0, -1) : raw;
    return { lines, first: 1, last: lines.length, numbered: false };
  }
  const lines = raw.slice(best.start, best.start + best.len).map((l) => NUMBERED_LINE.exec(l)![2]);
  return { lines, first: best.first, last: best.first + best.len - 1, numbered: true };
}

/** How often `needle` occurs in `text`, overlaps counted (a search text must occur exactly once). */
export function occurrences(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

/** The smallest run of whole lines around line `i` whose text occurs once in the file: [start, end]. */
export function uniqueWindow(lines: readonly string[], i: number): [number, number] {
  const text = lines.join('\n');
  let s = i;
  let e = i;
  while (occurrences(text, lines.slice(s, e + 1).join('\n')) > 1) {
    if (s > 0) s--;
    else if (e < lines.length - 1) e++;
    else break;
  }
  return [s, e];
}

/**
 * Search/replace blocks that turn every `from` of the file into `to`: one block per line that
 * holds it, widened to neighbouring lines until the search text occurs exactly once, and
 * overlapping blocks merged, as edit_file requires.
 */
export function replaceEdits(lines: readonly string[], from: string, to: string): { search: string; replace: string }[] {
  const windows: [number, number][] = [];
  lines.forEach((l, i) => {
    if (!l.includes(from)) return;
    const [s, e] = uniqueWindow(lines, i);
    const last = windows[windows.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else windows.push([s, e]);
  });
  return windows.map(([s, e]) => {
    const search = lines.slice(s, e + 1).join('\n');
    return { search, replace: search.split(from).join(to) };
  });
}

/** The exit code a command result states (`Exit code: 1`, `exited with code 2`, `exit status 1`). */
export function exitCodeOf(result: string): number | undefined {
  const m = /\bexit(?:ed with)?\s*(?:code|status)\s*[:=]?\s*(-?\d+)/i.exec(result) ?? /\bexited with (-?\d+)/i.exec(result);
  return m ? Number(m[1]) : undefined;
}

/** The last `n` non-empty lines of a text. */
export function tailLines(text: string, n: number): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .slice(-n);
}
