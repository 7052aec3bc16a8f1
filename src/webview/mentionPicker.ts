// The @-mention picker: typing `@` in the composer opens a list that filters as you type (the host
// answers each query; answers to older queries are dropped by their sequence number). Arrows move,
// Enter or Tab chooses, Escape closes; a click chooses too. Choosing a heading (Files, Symbols…)
// types its prefix and narrows the list; choosing an entry takes the `@…` text out of the input
// and asks the host to add it as a chip.
import type { MentionToken } from '../core/mentions/mentionQuery';
import { mentionAtCaret } from '../core/mentions/mentionQuery';
import type { MentionCandidate } from '../core/protocol/chatProtocol';
import { CONTEXT_ICONS } from './contextChips';
import { el } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

let pickerCount = 0;

/** `text` with the characters at `positions` in <mark>, built as nodes (never HTML). */
function highlighted(cls: string, text: string, positions: readonly number[] | undefined): HTMLElement {
  const out = el('span', cls);
  if (!positions?.length) {
    out.textContent = text;
    return out;
  }
  const at = new Set(positions);
  let run = '';
  let marked = false;
  const flush = () => {
    if (!run) return;
    out.append(marked ? el('mark', undefined, run) : document.createTextNode(run));
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    if (at.has(i) !== marked) {
      flush();
      marked = at.has(i);
    }
    run += text[i];
  }
  flush();
  return out;
}

export class MentionPicker {
  readonly el = el('div', 'mention-picker');
  private readonly list = el('div', 'mention-list');
  private items: MentionCandidate[] = [];
  private active = 0;
  private token: MentionToken | undefined;
  /** The sequence number of the latest query; answers to any other are stale. */
  private seq = 0;
  /** Escape closed the list for the `@` at this place: it stays closed until another `@`. */
  private dismissedAt: number | undefined;
  private readonly id = `mention-picker-${++pickerCount}`;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly host: HostConnection,
    private readonly text: UiText,
    /** After the input's text was changed by a choice (the draft is saved, the estimate updated). */
    private readonly changed: () => void,
  ) {
    this.list.id = this.id;
    this.list.setAttribute('role', 'listbox');
    this.el.hidden = true;
    this.el.append(this.list);
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-controls', this.id);
    this.input.setAttribute('aria-expanded', 'false');
    // mousedown, not click: the input keeps the focus (and its caret) while an entry is chosen.
    this.list.addEventListener('mousedown', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('.mention-item[data-index]');
      if (!row) return;
      e.preventDefault();
      this.choose(Number(row.dataset.index));
    });
    this.input.addEventListener('blur', () => this.close());
  }

  localize(): void {
    this.list.setAttribute('aria-label', this.text.t('mentionPicker'));
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** The input changed (typing, caret moves): opens, narrows or closes the list. */
  update(): void {
    const token = mentionAtCaret(this.input.value, this.input.selectionStart ?? this.input.value.length);
    if (!token || token.start === this.dismissedAt) {
      if (!token) this.dismissedAt = undefined;
      this.close();
      return;
    }
    // The same token as the list shows (a caret move within it): nothing to ask again.
    if (this.isOpen && this.token && this.token.start === token.start && this.token.query === token.query) return;
    this.token = token;
    const seq = ++this.seq;
    void this.host.request('mentionCandidates', { query: token.query, seq }).then(
      (r) => {
        // A late answer to an older query (or one that arrives after the list closed) is dropped.
        if (r.seq !== this.seq || seq !== this.seq || !this.token) return;
        this.show(r.items);
      },
      () => undefined,
    );
  }

  /** Keys while the list is open; true when the picker used the key (the composer must not). */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.isOpen || e.isComposing) return false;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!this.items.length) return false;
        e.preventDefault();
        const n = this.items.length;
        this.setActive((this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return true;
      }
      case 'Enter':
      case 'Tab':
        if (!this.items.length || e.shiftKey) return false;
        e.preventDefault();
        this.choose(this.active);
        return true;
      case 'Escape':
        e.preventDefault();
        this.dismissedAt = this.token?.start;
        this.close();
        return true;
      default:
        return false;
    }
  }

  close(): void {
    this.seq++;
    this.token = undefined;
    this.el.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private show(items: MentionCandidate[]): void {
    this.items = items;
    this.active = 0;
    this.list.replaceChildren(
      ...(items.length
        ? items.map((c, i) => this.row(c, i))
        : [Object.assign(el('div', 'mention-empty', this.text.t('mentionNoMatch')), { role: 'option' })]),
    );
    this.el.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.setActive(0);
  }

  private row(c: MentionCandidate, i: number): HTMLElement {
    const row = el('div', `mention-item${c.kind === 'category' ? ' category' : ''}`);
    row.id = `${this.id}-${i}`;
    row.dataset.index = String(i);
    row.dataset.kind = c.kind;
    row.setAttribute('role', 'option');
    const icon = el('span', `codicon codicon-${c.icon ?? (c.kind === 'category' ? 'list-filter' : CONTEXT_ICONS[c.kind])}`);
    icon.setAttribute('aria-hidden', 'true');
    row.append(icon, highlighted('mention-label', c.label, c.match));
    if (c.detail) row.append(highlighted('mention-detail', c.detail, c.detailMatch));
    if (c.sensitive) {
      const lock = el('span', 'codicon codicon-lock mention-secret');
      lock.title = this.text.t('mentionSecret');
      lock.setAttribute('aria-label', this.text.t('mentionSecret'));
      row.append(lock);
    }
    return row;
  }

  private setActive(i: number): void {
    this.active = i;
    const rows = this.list.querySelectorAll<HTMLElement>('.mention-item');
    rows.forEach((r, k) => r.setAttribute('aria-selected', String(k === i)));
    const row = rows[i];
    if (row) {
      this.input.setAttribute('aria-activedescendant', row.id);
      row.scrollIntoView?.({ block: 'nearest' });
    } else this.input.removeAttribute('aria-activedescendant');
  }

  private choose(i: number): void {
    const c = this.items[i];
    const token = this.token;
    if (!c || !token) return;
    const value = this.input.value;
    const end = token.start + 1 + token.query.length;
    if (c.kind === 'category') {
      // A heading narrows the list: its prefix is typed after the `@`.
      this.input.value = `${value.slice(0, token.start + 1)}${c.ref}${value.slice(end)}`;
      const caret = token.start + 1 + c.ref.length;
      this.input.setSelectionRange(caret, caret);
      this.changed();
      this.update();
      return;
    }
    // The `@…` text leaves the input: the chip stands for it.
    const before = value.slice(0, token.start);
    const after = value.slice(end);
    this.input.value = before.endsWith(' ') && after.startsWith(' ') ? before + after.slice(1) : before + after;
    this.input.setSelectionRange(before.length, before.length);
    this.close();
    this.changed();
    this.host.post({ type: 'addMention', kind: c.kind, ref: c.ref });
  }
}
