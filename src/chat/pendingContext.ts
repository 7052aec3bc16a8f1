import type { Attachment, ContextItem, MentionPart } from '../core/conversation/parts';
import { newId } from '../core/conversation/conversation';
import type { PendingAttachment } from '../core/protocol/chatProtocol';
import { pendingChip } from './promptEstimate';

/**
 * What the composer holds for the next message: attachments (a selection, a file, an image) and
 * mentions, in the order added, each with the id of its chip. `onChange` runs after every change.
 */
export class PendingContext {
  private items: { id: string; item: ContextItem }[] = [];

  constructor(private readonly onChange: () => void) {}

  get chips(): PendingAttachment[] {
    return this.items.map(({ id, item }) => pendingChip(id, item));
  }

  get all(): readonly ContextItem[] {
    return this.items.map((p) => p.item);
  }

  get(id: string): ContextItem | undefined {
    return this.items.find((p) => p.id === id)?.item;
  }

  addAttachment(attachment: Attachment): void {
    this.items.push({ id: newId('p'), item: attachment });
    this.onChange();
  }

  /** The same reference twice is kept once: the newer read, in the older one's place. */
  addMention(part: MentionPart): void {
    const same = this.items.findIndex((p) => 'type' in p.item && p.item.kind === part.kind && p.item.ref === part.ref);
    if (same >= 0) this.items[same] = { id: this.items[same]!.id, item: part };
    else this.items.push({ id: newId('p'), item: part });
    this.onChange();
  }

  remove(id: string): void {
    this.items = this.items.filter((p) => p.id !== id);
    this.onChange();
  }

  /** Everything held, emptied (the message that carries it is being sent). */
  take(): ContextItem[] {
    const all = this.items.map((p) => p.item);
    this.items = [];
    this.onChange();
    return all;
  }
}
