import type { ChatMessage, ChatRequest } from '../api/types';
import { languageName } from '../prompts/languages';
import type { CompletionMode } from './cursor';

// The completion prompt for a chat-only gateway (`/chat/completions`; no `/completions`, no FIM
// tokens): the file with a hole marker at the cursor, the language and path, a bounded amount of
// context, and a reply format that is easy to cut (`<COMPLETION>…</COMPLETION>`, with the closing
// tag as a stop sequence). One template serves every model family: a family gets its own only
// where a test shows it answers better with it, and none has so far (the clean-up in answer.ts
// mends the usual slips: fences, echoed lines, text that repeats what follows the cursor).

/** Marks the cursor. A file that already contains it gets a numbered variant (see `holeMarker`). */
export const HOLE = '{{FILL_HERE}}';
export const OPEN_TAG = '<COMPLETION>';
export const CLOSE_TAG = '</COMPLETION>';

/** Output tokens: enough for a long line, or for a block of about a dozen lines. */
export const MAX_TOKENS: Readonly<Record<CompletionMode, number>> = { line: 64, block: 256 };

export interface Snippet {
  /** Workspace-relative path, as shown to the model. */
  path: string;
  text: string;
}

export interface CompletionPromptInput {
  model: string;
  languageId: string;
  /** Workspace-relative path (or the untitled name). */
  path: string;
  prefix: string;
  suffix: string;
  mode: CompletionMode;
  /** The file's import lines, when the prefix does not start at the top of the file. */
  imports?: string;
  /** Pieces of other open files the user edited recently (already bounded and filtered by the caller). */
  snippets?: readonly Snippet[];
  /** Strings that must never be sent (the API key): replaced wherever they appear. */
  secrets?: readonly string[];
}

export interface CompletionPrompt {
  request: ChatRequest;
  hole: string;
}

/** `{{FILL_HERE}}`, or `{{FILL_HERE_2}}`… when the text already contains the marker. */
export function holeMarker(...texts: string[]): string {
  let marker = HOLE;
  for (let n = 2; texts.some((t) => t.includes(marker)); n++) marker = `{{FILL_HERE_${n}}}`;
  return marker;
}

const REDACTED = '[REDACTED]';
/** TokenHub keys look like `th-` and a long run of letters and digits: never sent, whoever's they are. */
const KEY_SHAPED = /\bth-[A-Za-z0-9_-]{16,}/g;

/** `text` with every secret (and anything shaped like a TokenHub key) replaced. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join(REDACTED);
  return out.replace(KEY_SHAPED, REDACTED);
}

function systemPrompt(hole: string, mode: CompletionMode): string {
  return [
    `You are a code completion engine. The user sends a source file in which ${hole} marks the cursor.`,
    `Reply with exactly the text to insert at ${hole}, wrapped as ${OPEN_TAG}text${CLOSE_TAG}, and nothing else:`,
    '- no explanations, no Markdown code fences;',
    `- never repeat text that is already before or after ${hole}: your text goes between them;`,
    '- keep the file\'s indentation and style; write code, not comments about it;',
    mode === 'line'
      ? '- complete only the rest of the current line.'
      : '- complete the current statement or block: at most about a dozen lines, stopping where the code after the hole takes over.',
    `If nothing useful fits, reply ${OPEN_TAG}${CLOSE_TAG}.`,
  ].join('\n');
}

/** The request for one completion: system rules, then the file with the hole, context first. */
export function buildCompletionPrompt(input: CompletionPromptInput): CompletionPrompt {
  const secrets = input.secrets ?? [];
  const prefix = redact(input.prefix, secrets);
  const suffix = redact(input.suffix, secrets);
  const imports = input.imports ? redact(input.imports, secrets) : '';
  const snippets = (input.snippets ?? []).map((s) => ({ path: s.path, text: redact(s.text, secrets) }));
  const hole = holeMarker(prefix, suffix, imports, ...snippets.map((s) => s.text));

  const parts: string[] = [];
  for (const s of snippets) parts.push(`Recently edited: ${s.path} (for reference, do not complete it)\n<SNIPPET>\n${s.text}\n</SNIPPET>`);
  const language = languageName(input.languageId);
  parts.push(`Language: ${language}\nFile: ${input.path}`);
  const file: string[] = [];
  if (imports) file.push(`${imports}\n… (lines omitted) …\n`);
  file.push(`${prefix}${hole}${suffix}`);
  parts.push(`<FILE>\n${file.join('')}\n</FILE>`);
  parts.push(`Fill in ${hole}.`);

  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(hole, input.mode) },
    { role: 'user', content: parts.join('\n\n') },
  ];
  return {
    hole,
    request: { model: input.model, messages, max_tokens: MAX_TOKENS[input.mode], stop: [CLOSE_TAG, '</FILE>'] },
  };
}
