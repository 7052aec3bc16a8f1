// Getting the code out of a model's answer. Only what is inside a fence is ever written into a
// file: the explanation a model adds around it stays out. Parsing follows CommonMark's fenced
// code blocks (a closing fence uses the same character and is at least as long as the opening),
// so a ```` block can hold ``` lines, and an unclosed block (still streaming, or cut off) runs to
// the end of the text.

import { tagMatchesLanguage } from '../prompts/languages';

export interface FencedBlock {
  /** The whole info string after the opening fence (`ts title="x"`). */
  info: string;
  /** Its first word, lower-cased (`ts`); empty when the fence has none. */
  language: string;
  code: string;
  /** False when the text ended before a closing fence. */
  closed: boolean;
}

const OPENING = /^([ \t]*)(`{3,}|~{3,})(.*)$/;

/** Every fenced code block in `text`, in order. */
export function findFencedBlocks(text: string): FencedBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: FencedBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const open = OPENING.exec(lines[i]);
    // A backtick fence's info string may not contain a backtick (that is inline code).
    if (!open || (open[2][0] === '`' && open[3].includes('`'))) {
      i++;
      continue;
    }
    const indent = open[1].length;
    const char = open[2][0];
    const length = open[2].length;
    const info = open[3].trim();
    const body: string[] = [];
    let closed = false;
    i++;
    for (; i < lines.length; i++) {
      const line = lines[i];
      const close = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close && close[1][0] === char && close[1].length >= length) {
        closed = true;
        i++;
        break;
      }
      body.push(stripIndent(line, indent));
    }
    blocks.push({ info, language: infoLanguage(info), code: body.join('\n'), closed });
  }
  return blocks;
}

function stripIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && n < line.length && (line[n] === ' ' || line[n] === '\t')) n++;
  return line.slice(n);
}

/** `ts`, from `ts`, `typescript title="a.ts"`, `python:src/a.py`, `{.rust}`. */
function infoLanguage(info: string): string {
  const first = info.replace(/^\{\s*\.?/, '').split(/[\s:{},]/)[0] ?? '';
  return first.toLowerCase();
}

/** Fence tags that mark a shell session, a diff or program output rather than source code. */
const NOT_SOURCE = new Set(['diff', 'patch', 'console', 'output', 'text', 'txt', 'log', 'terminal', 'shell-session', 'sh-session']);
const SHELL = new Set(['sh', 'bash', 'shell', 'zsh', 'powershell', 'ps1', 'cmd', 'bat']);

function languageScore(block: FencedBlock, languageId: string | undefined): number {
  if (!languageId) return block.language ? 1 : 1;
  if (tagMatchesLanguage(block.language, languageId)) return 3;
  if (!block.language) return 2;
  const targetIsShell = ['shellscript', 'powershell', 'bat'].includes(languageId);
  if (NOT_SOURCE.has(block.language) || (SHELL.has(block.language) && !targetIsShell)) return 0;
  return 1;
}

/**
 * The block that holds the code: among blocks tagged with the document's language (else untagged
 * ones, else any other), the largest. A shell or diff block is only taken when nothing else is there.
 */
export function chooseBlock(blocks: readonly FencedBlock[], languageId?: string): FencedBlock | undefined {
  let best: FencedBlock | undefined;
  let bestScore = -1;
  for (const b of blocks) {
    if (!b.code.trim()) continue;
    const score = languageScore(b, languageId);
    if (score > bestScore || (score === bestScore && best && b.code.length > best.code.length)) {
      best = b;
      bestScore = score;
    }
  }
  return best;
}

export interface ExtractedCode {
  code: string;
  /** `fence`: from a fenced block; `plain`: the answer had no fence and is code itself. */
  from: 'fence' | 'plain';
  /** False when the chosen fence was not closed (the answer is still arriving, or was cut off). */
  complete: boolean;
}

/**
 * The code to write from a model's answer, or undefined when it holds none. Without a fence the
 * whole answer is taken only when it looks like code; prose is never written into a file.
 */
export function extractCode(answer: string, languageId?: string): ExtractedCode | undefined {
  const block = chooseBlock(findFencedBlocks(answer), languageId);
  if (block) return { code: trimBlankEdges(block.code), from: 'fence', complete: block.closed };
  const text = trimBlankEdges(answer.replace(/\r\n?/g, '\n'));
  // A line of one or two backticks may be the start of a fence still arriving.
  if (/^[ \t]*`{1,2}[ \t]*$/m.test(text)) return undefined;
  if (looksLikeCode(text)) return { code: text, from: 'plain', complete: true };
  return undefined;
}

/** Drops blank lines at the start and the end (not the indentation of the first line). */
export function trimBlankEdges(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '').replace(/^[ \t]+$/, '');
}

const CODE_START =
  /^(?:(?:import|export|from|const|let|var|function|class|interface|type|enum|def|async|await|return|if|else|elif|for|while|do|switch|case|try|catch|except|finally|with|fn|pub|impl|struct|trait|use|mod|func|package|public|private|protected|static|namespace|using|SELECT|INSERT|UPDATE|DELETE|CREATE)\b|#include|#define|#!|@\w|\/\/|\/\*|\*|<!--|<\/?[a-zA-Z]|[}\])])/;
const CODE_END = /(?:[;{}()[\],:]|=>|->|\\)\s*$/;
const CODE_INNER = /(?:\w\(|\)\s*[{:]|\s=\s|[=!<>]==?|\+=|-=|&&|\|\||::|->|=>|\w\.\w+\(|;\s*$)/;

function lineKind(line: string): 'code' | 'prose' | 'neutral' {
  const t = line.trim();
  if (!t) return 'neutral';
  const words = t.split(/\s+/).filter((w) => /^[A-Za-z'’,-]+[.!?:,;]?$/.test(w)).length;
  const allWords = t.split(/\s+/).length;
  const sentence = /^[A-Z"'“(]/.test(t) && /[.!?:]$/.test(t) && words >= 4 && words / allWords >= 0.75 && !/[{};=<>]/.test(t);
  if (sentence) return 'prose';
  if (/^[A-Z][A-Za-z' ,!-]*:$/.test(t) && allWords <= 6) return 'prose'; // "Sure:", "Here is the code:"
  if (/^#{1,6}\s+[A-Z]/.test(t) && words >= 3 && !/[=(){}]/.test(t)) return 'prose'; // a markdown heading
  if (/^(?:[-*+]|\d+\.)\s+[A-Za-z]/.test(t) && words >= 4 && !/[;{}=]/.test(t)) return 'prose'; // a bullet list
  if (CODE_START.test(t) || CODE_END.test(t) || CODE_INNER.test(t)) return 'code';
  if (words >= 5 && words / allWords >= 0.8) return 'prose';
  return 'neutral';
}

/** A cautious guess whether an answer without a fence is code (so it may be written) or prose. */
export function looksLikeCode(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim());
  if (lines.length === 0) return false;
  let code = 0;
  let prose = 0;
  for (const l of lines) {
    const k = lineKind(l);
    if (k === 'code') code++;
    else if (k === 'prose') prose++;
  }
  if (lineKind(lines[0]) === 'prose') return false;
  return code > 0 && code >= 3 * prose && code / lines.length >= 0.5;
}

/** A fence long enough to wrap `code` (longer than any backtick run inside it). */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}
