// The renderers of a message's parts, one small class per kind of part. Each owns its element
// and updates it in place; a message view keeps them in order (./messageView). New kinds of part
// (tool calls, tool results) are new classes here and a case in createPartView.
import type { PartKind, PartModel } from './messageParts';
import { chipContent } from './contextChips';
import { el } from './dom';
import { renderUserText } from './markdown';
import { ReasoningPart } from './reasoningPart';
import { StreamingRenderer } from './streamingRenderer';
import { FileChangeView, ToolCallView } from './toolPartViews';
import type { UiText } from './uiText';

export type PartOf<K extends PartKind> = Extract<PartModel, { kind: K }>;

/** Where a part stands in its message when it is drawn. */
export interface PartState {
  /** The message has ended: nothing more will stream into it. */
  readonly ended: boolean;
  /** A later part of the message already has content (the model has moved on from this one). */
  readonly followed: boolean;
}

export interface PartView<K extends PartKind = PartKind> {
  readonly kind: K;
  readonly el: HTMLElement;
  /** Draws the part as the host sent it (the whole of it; a renderer keeps what has not changed). */
  update(part: PartOf<K>, state: PartState): void;
}

/** The model's words: markdown, streamed through an incremental renderer. */
export class MarkdownTextPart implements PartView<'text'> {
  readonly kind = 'text';
  readonly el = el('div', 'markdown');
  private readonly renderer = new StreamingRenderer(this.el);

  get hasText(): boolean {
    return this.renderer.length > 0;
  }

  append(delta: string): void {
    this.renderer.append(delta);
  }

  update(part: PartOf<'text'>, state: PartState): void {
    this.renderer.setText(part.text);
    if (state.ended) this.renderer.finish();
  }
}

/** The user's own words, shown as typed (text, not markdown), with fenced code drawn as code blocks. */
export class PlainTextPart implements PartView<'text'> {
  readonly kind = 'text';
  readonly el = el('div', 'user-text');
  private text: string | undefined;

  update(part: PartOf<'text'>): void {
    if (this.text === part.text) return;
    this.text = part.text;
    this.el.replaceChildren(renderUserText(part.text));
  }
}

/**
 * What the user attached or mentioned, as chips: icon, label (opens what it refers to), size, and
 * "re-read" on a mention a regenerate read again because it had changed. Images are not shown again.
 */
export class AttachmentsPart implements PartView<'attachments'> {
  readonly kind = 'attachments';
  readonly el = el('div', 'chips');

  constructor(private readonly text: UiText) {
    this.el.setAttribute('role', 'list');
  }

  update(part: PartOf<'attachments'>): void {
    this.el.replaceChildren(
      ...part.items.map((c) => {
        const chip = el('span', 'chip');
        chip.setAttribute('role', 'listitem');
        chip.dataset.kind = c.kind;
        const label = chipContent(chip, this.text, c);
        if (c.openable) label.dataset.openIndex = String(c.index);
        if (c.reread) {
          const badge = el('span', 'chip-reread');
          const icon = el('span', 'codicon codicon-refresh');
          icon.setAttribute('aria-hidden', 'true');
          badge.append(icon, this.text.t('contextReread'));
          badge.title = this.text.t('contextRereadTitle');
          chip.append(badge);
        }
        return chip;
      }),
    );
  }
}

export type AnyPartView = MarkdownTextPart | PlainTextPart | AttachmentsPart | ReasoningPart | ToolCallView | FileChangeView;

/** A new, empty view for a part of a message by `role`. */
export function createPartView(kind: PartKind, role: 'user' | 'assistant', text: UiText): AnyPartView {
  switch (kind) {
    case 'text':
      return role === 'user' ? new PlainTextPart() : new MarkdownTextPart();
    case 'reasoning':
      return new ReasoningPart(text);
    case 'attachments':
      return new AttachmentsPart(text);
    case 'tool':
      return new ToolCallView(text);
    case 'change':
      return new FileChangeView(text);
  }
}
