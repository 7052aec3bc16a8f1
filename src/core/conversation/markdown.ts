// A conversation as Markdown (export) and as searchable text (History).
import { formatCost } from '../pricing';
import type { Conversation } from './conversation';
import { totals } from './conversation';
import { attachmentLabel, attachmentText, textOf } from './parts';
import { entryMatches, queryWords, searchEntry } from './searchText';

/** Case-insensitive match of every word of `query` in the title or any message. */
export function matches(conv: Conversation, query: string): boolean {
  const words = queryWords(query);
  return !words.length || entryMatches(searchEntry(conv), words);
}

export interface MarkdownLabels {
  user: string;
  assistant: string;
  cutOff: string;
  error: string;
  /** Said for an answer with tokens but no known price (never $0). */
  costUnknown?: string;
}

/** Markdown export: title, then each message under a heading, with per-answer model, tokens and cost. */
export function toMarkdown(conv: Conversation, labels: MarkdownLabels = { user: 'You', assistant: 'Assistant', cutOff: 'cut off', error: 'Error' }): string {
  const out: string[] = [`# ${conv.title || 'Chat'}`, ''];
  for (const m of conv.messages) {
    if (m.role === 'user') {
      out.push(`## ${labels.user}`, '');
      for (const p of m.parts) {
        if (p.type === 'image') out.push(`*[${attachmentLabel(p)}]*`, '');
        else if (p.type === 'attachment') out.push(attachmentText(p), '');
        else if (p.type === 'mention') out.push(p.text, '');
      }
      out.push(textOf(m), '');
    } else {
      const meta = [m.requestedModel ? `${m.model} ← ${m.requestedModel}` : m.model];
      if (m.usage) meta.push(`${m.usage.estimated ? '≈ ' : ''}${m.usage.promptTokens} → ${m.usage.completionTokens} tokens`);
      if (m.cost !== undefined) meta.push(`${m.usage?.estimated ? '≈ ' : ''}${formatCost(m.cost)}`);
      else if (m.usage) meta.push(labels.costUnknown ?? 'cost unknown');
      if (m.state === 'cut') meta.push(labels.cutOff);
      out.push(`## ${labels.assistant} (${meta.join(', ')})`, '');
      for (const p of m.parts) {
        if (p.type === 'text') out.push(p.text, '');
        else if (p.type === 'toolCall') out.push(`> 🔧 \`${p.name}\` ${p.arguments}`, '');
        else if (p.type === 'toolResult') out.push(`> ${p.isError ? '✗' : '→'} ${p.content.split('\n')[0]?.slice(0, 200) ?? ''}`, '');
      }
      if (m.state === 'error' && m.error) out.push(`> **${labels.error}:** ${m.error.message}`, '');
    }
  }
  const t = totals(conv);
  if (t.promptTokens || t.completionTokens) {
    const approx = t.estimated ? '≈ ' : '';
    out.push('---', '', `${approx}${t.promptTokens} → ${t.completionTokens} tokens${t.cost || !t.costIncomplete ? `, ${approx}${formatCost(t.cost)}${t.costIncomplete ? '+' : ''}` : ''}`, '');
  }
  return out.join('\n');
}
