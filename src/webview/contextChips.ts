// The composer's context: a chip per pending attachment or mention (its size in tokens; opened by
// its label, removed by its ×), and under them the prompt's estimate: its size and input cost once
// it passes the set threshold, and a warning naming the largest context when it will not fit.
import type { MentionKind } from '../core/conversation/parts';
import { estimateTokens, MESSAGE_OVERHEAD_TOKENS } from '../core/edits/budget';
import { checkFit, inputCost } from '../core/mentions/contextFit';
import { formatCost, formatTokens } from '../core/pricing';
import type { PendingAttachment, PromptEstimate } from '../core/protocol/chatProtocol';
import { el, iconButton } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

/** The codicon of each kind of context. */
export const CONTEXT_ICONS: Record<PendingAttachment['kind'] | MentionKind, string> = {
  selection: 'selection',
  file: 'file',
  image: 'file-media',
  folder: 'folder',
  symbol: 'symbol-method',
  problems: 'warning',
  terminal: 'terminal',
  git: 'git-compare',
  editor: 'file',
};

/** `{0}`, `{1}`… in a UI string, filled in order. */
export function fill(template: string, ...values: string[]): string {
  return template.replace(/\{(\d)\}/g, (m, i: string) => values[Number(i)] ?? m);
}

/**
 * A chip's parts: icon, label (a focusable link-like span when it can be opened: the chip's one
 * button stays its ×), size. `extra` goes after the size (a history chip's "re-read").
 */
export function chipContent(chip: HTMLElement, text: UiText, c: { kind: PendingAttachment['kind']; label: string; tokens?: number; openable?: boolean; truncated?: boolean }): HTMLElement {
  const icon = el('span', `codicon codicon-${CONTEXT_ICONS[c.kind] ?? 'file'}`);
  icon.setAttribute('aria-hidden', 'true');
  chip.append(icon);
  const label = el('span', 'chip-label', c.label);
  if (c.openable) {
    label.classList.add('chip-open');
    label.tabIndex = 0;
    label.setAttribute('role', 'link');
    label.title = fill(text.t('openContext'), c.label);
  }
  chip.append(label);
  if (c.tokens !== undefined && c.tokens > 0) {
    const size = el('span', 'chip-tokens', formatTokens(c.tokens));
    size.title = fill(text.t('chipTokens'), formatTokens(c.tokens)) + (c.truncated ? ` (${text.t('contextTruncated')})` : '');
    if (c.truncated) size.classList.add('truncated');
    chip.append(size);
  }
  return label;
}

export class ContextChips {
  /** The chips (a list); hidden when empty. */
  readonly el = el('div', 'chips');
  /** The prompt's size and cost, or why it does not fit. */
  readonly estimateEl = el('div', 'prompt-estimate');
  private pending: PendingAttachment[] = [];
  private estimate: PromptEstimate | undefined;
  private draftTokens = 0;

  constructor(
    private readonly host: HostConnection,
    private readonly text: UiText,
  ) {
    this.el.setAttribute('role', 'list');
    this.el.hidden = true;
    this.estimateEl.hidden = true;
    this.estimateEl.setAttribute('aria-live', 'polite');
    this.el.addEventListener('click', (e) => {
      const target = e.target as HTMLElement;
      const remove = target.closest<HTMLButtonElement>('button[data-remove]');
      if (remove?.dataset.remove) {
        this.host.post({ type: 'removeAttachment', id: remove.dataset.remove });
        return;
      }
      const open = target.closest<HTMLElement>('.chip-open[data-open]');
      if (open?.dataset.open) this.host.post({ type: 'openPending', id: open.dataset.open });
    });
    this.el.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      if ((e.key === 'Enter' || e.key === ' ') && target.matches('.chip-open[data-open]')) {
        e.preventDefault();
        target.click();
      }
    });
  }

  setPending(pending: PendingAttachment[]): void {
    this.pending = pending;
    this.el.replaceChildren(...pending.map((p) => this.chip(p)));
    this.el.hidden = pending.length === 0;
    this.render();
  }

  setEstimate(estimate: PromptEstimate | undefined): void {
    this.estimate = estimate;
    this.render();
  }

  /** What is being typed (its tokens count toward the estimate). */
  setDraft(text: string): void {
    const tokens = text ? estimateTokens(text) : 0;
    if (tokens === this.draftTokens) return;
    this.draftTokens = tokens;
    this.render();
  }

  private chip(p: PendingAttachment): HTMLElement {
    const chip = el('span', 'chip');
    chip.setAttribute('role', 'listitem');
    chip.dataset.kind = p.kind;
    if (p.thumbnail) {
      const img = el('img', 'chip-thumb');
      img.src = p.thumbnail; // a data: URI the host checked; never a remote address
      img.alt = '';
      chip.append(img);
      chip.append(el('span', 'chip-label', p.label));
      if (p.tokens) chip.append(el('span', 'chip-tokens', formatTokens(p.tokens)));
    } else {
      const label = chipContent(chip, this.text, p);
      if (p.openable) label.dataset.open = p.id;
    }
    const remove = iconButton('close', `${this.text.t('removeAttachment')} ${p.label}`);
    remove.dataset.remove = p.id;
    chip.append(remove);
    return chip;
  }

  /** The estimate line: shown past the threshold, or whenever the prompt will not fit. */
  private render(): void {
    const e = this.estimate;
    if (!e) {
      this.estimateEl.hidden = true;
      return;
    }
    // The words become one more message's worth of text in the last user message.
    const tokens = e.baseTokens + this.draftTokens + (this.draftTokens ? MESSAGE_OVERHEAD_TOKENS : 0);
    const fit = checkFit({ promptTokens: tokens, contextWindow: e.assumedWindow ? undefined : e.contextWindow, reservedOutput: e.reservedOutput, items: this.pending.map((p) => ({ label: p.label, tokens: p.tokens ?? 0 })) });
    this.estimateEl.classList.toggle('too-large', !fit.fits);
    if (!fit.fits) {
      const largest = fit.biggest.map((b) => `${b.label} (${formatTokens(b.tokens)})`).join(', ');
      const parts = [fill(this.text.t('promptTooLarge'), e.modelName, formatTokens(tokens), formatTokens(fit.limit))];
      if (largest) parts.push(fill(this.text.t('promptLargest'), largest));
      this.estimateEl.textContent = parts.join(' ');
      this.estimateEl.hidden = false;
      return;
    }
    if (tokens < e.showAbove) {
      this.estimateEl.hidden = true;
      return;
    }
    const cost = inputCost(tokens, e.inputPrice);
    this.estimateEl.textContent = `${fill(this.text.t('promptSize'), formatTokens(tokens))} · ${cost === undefined ? this.text.t('priceUnknown') : fill(this.text.t('promptCost'), formatCost(cost))}`;
    this.estimateEl.hidden = false;
  }
}
