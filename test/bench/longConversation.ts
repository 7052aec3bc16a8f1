// A long conversation for the benches: 1,000 messages, about 5 MB of markdown with code (500
// questions, 500 answers of prose, lists, code blocks in a few languages, now and then a table).
import type { AssistantMessage, Conversation, Message, UserMessage } from '../../src/core/conversation/conversation';

const LANGS = ['typescript', 'python', 'go', 'rust', 'bash'];

function codeLines(lang: string, n: number, seed: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = seed * 31 + i;
    if (lang === 'python') out.push(i % 9 === 0 ? `def step_${k}(value):` : `    total_${k} = value * ${k % 97} + ${i}  # keeps the running sum`);
    else if (lang === 'go') out.push(i % 9 === 0 ? `func Step${k}(v int) int {` : `\tsum${k} := v*${k % 97} + ${i} // keeps the running sum`);
    else if (lang === 'rust') out.push(i % 9 === 0 ? `fn step_${k}(v: i64) -> i64 {` : `    let sum_${k} = v * ${k % 97} + ${i}; // keeps the running sum`);
    else if (lang === 'bash') out.push(`echo "step ${k}" && ls -la ./build/${k % 17} | grep -v tmp  # listing ${i}`);
    else out.push(i % 9 === 0 ? `export function step${k}(value: number): number {` : `  const sum${k} = value * ${k % 97} + ${i}; // keeps the running sum`);
  }
  return out;
}

/** About `size` characters of answer: sections of prose, a list, one or two code blocks, a table now and then. */
export function answerText(seed: number, size = 9_500): string {
  const parts: string[] = [];
  for (let s = 0; parts.join('\n').length < size; s++) {
    const lang = LANGS[(seed + s) % LANGS.length]!;
    parts.push(`### Part ${s + 1}: what changes in \`module${seed}_${s}\``, '');
    parts.push(`The handler for **case ${seed}.${s}** now checks its input first, then *scales* it; see [the guide](https://example.com/guide/${seed}/${s}). This keeps every caller on the same path and makes the error messages say what to do next.`, '');
    parts.push(`- first, the check for \`value${s}\``, '- then the scaling, unchanged', `- last, the log line for step ${s}`, '');
    if ((seed + s) % 7 === 0) {
      parts.push('| option | effect |', '|---|---|', ...Array.from({ length: 6 }, (_, r) => `| opt${r} | changes \`${r * seed}\` |`), '');
    }
    parts.push(`\`\`\`${lang}`, ...codeLines(lang, 30 + ((seed * 7 + s) % 40), seed + s), '```', '');
  }
  return parts.join('\n');
}

export function makeLongConversation(id = 'c-long', messages = 1000, answerSize = 9_500): Conversation {
  const list: Message[] = [];
  for (let i = 0; i < messages; i += 2) {
    const n = i / 2;
    const user: UserMessage = { id: `u-${id}-${n}`, role: 'user', parts: [{ type: 'text', text: `Question ${n}: how should step ${n} handle an empty input, and what should it log? Keep the public API as it is.` }], createdAt: 1_700_000_000_000 + i * 1000 };
    list.push(user);
    if (i + 1 >= messages) break;
    const answer: AssistantMessage = {
      id: `a-${id}-${n}`,
      role: 'assistant',
      parts: [{ type: 'text', text: answerText(n, answerSize) }],
      model: 'openai/gpt-4.1',
      state: 'done',
      usage: { promptTokens: 1200 + n, completionTokens: 2400 },
      cost: 0.0123,
      createdAt: 1_700_000_000_000 + (i + 1) * 1000,
    };
    list.push(answer);
  }
  return { id, title: `Long conversation ${id}`, model: 'openai/gpt-4.1', createdAt: 1_700_000_000_000, updatedAt: 1_700_000_000_000 + messages * 1000, messages: list };
}

/** Characters of text in the conversation's messages. */
export function textSize(conv: Conversation): number {
  let n = 0;
  for (const m of conv.messages) for (const p of m.parts) if (p.type === 'text') n += p.text.length;
  return n;
}
