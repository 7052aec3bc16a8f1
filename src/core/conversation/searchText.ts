// What History searches: a conversation's title and the words of its messages, lowercased once
// when the conversation is read, so a query over hundreds of conversations is a string search in
// each, not a rebuild of every conversation's text on every key the user types.
import type { Conversation, ConversationSummary, ConversationTotals } from './conversation';
import { totals } from './conversation';
import { textOf } from './parts';

export interface SearchEntry extends ConversationSummary {
  model: string;
  /** The title and every message's words, lowercased. */
  readonly hay: string;
  /** What the conversation cost (History shows it and sorts by it). */
  totals: ConversationTotals;
}

export function searchEntry(conv: Conversation): SearchEntry {
  const hay = [conv.title, ...conv.messages.map((m) => textOf(m))].join('\n').toLowerCase();
  return { id: conv.id, title: conv.title, updatedAt: conv.updatedAt, messageCount: conv.messages.length, model: conv.model, hay, totals: totals(conv) };
}

/** The words of a query, lowercased; none matches everything. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Case-insensitive: every word of the query is in the title or a message. */
export function entryMatches(entry: { readonly hay: string }, words: readonly string[]): boolean {
  return words.every((w) => entry.hay.includes(w));
}
