// Edit and resend: the user's words of an earlier question open in a box in place of the text;
// Enter (or Resend) sends the edited words from there, Escape (or Cancel) puts the text back.
import { el } from './dom';
import type { UiText } from './uiText';

export interface EditRequest {
  /** The question's article (focus returns to it on Escape). */
  article: HTMLElement;
  /** The element showing the words; the box takes its place while editing. */
  body: HTMLElement;
  words: string;
  text: UiText;
  /** The edited words, when they are not blank. */
  resend(words: string): void;
}

export function startEdit(r: EditRequest): void {
  const area = el('textarea', 'edit-input');
  area.value = r.words;
  area.setAttribute('aria-label', r.text.t('edit'));
  const save = el('button', 'text-button primary', r.text.t('resend'));
  const cancel = el('button', 'text-button', r.text.t('cancel'));
  const box = el('div', 'edit-box');
  box.append(area, save, cancel);
  r.body.replaceWith(box);
  const restore = () => box.replaceWith(r.body);
  const submit = () => {
    if (area.value.trim()) r.resend(area.value);
    restore();
  };
  save.addEventListener('click', submit);
  cancel.addEventListener('click', restore);
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      restore();
      r.article.focus();
    }
  });
  area.focus();
}
