// The `ask` request: a card after the messages with a title, plain text and one to four buttons;
// choosing a button answers the host with its id. The card goes away when answered, or when the
// host withdraws the question (cancelled, timed out). Its buttons are ordinary buttons in the Tab
// order after the messages; the question is announced when it appears and when it is withdrawn.
import type { AskParams, AskResult } from '../core/protocol/hostRequests';
import type { Announcer } from './announcer';
import { el } from './dom';
import type { HostRequestHandler } from './hostRequests';
import type { UiText } from './uiText';

export interface AskCardPlace {
  /** Puts the card in the message list and into view. */
  show(card: HTMLElement): void;
  /** Where focus goes when a card that had it goes away (the composer). */
  returnFocus(): void;
}

let cards = 0;

export function askHandler(place: AskCardPlace, text: UiText, announcer: Announcer): HostRequestHandler<'ask'> {
  return (params, signal) =>
    new Promise<AskResult>((resolve, reject) => {
      const card = askCard(params);
      const remove = () => {
        const hadFocus = card.contains(document.activeElement);
        card.remove();
        if (hadFocus) place.returnFocus();
      };
      const onAbort = () => {
        remove();
        announcer.say(text.t('askWithdrawn'));
        reject(new Error('withdrawn'));
      };
      card.addEventListener('click', (e) => {
        const button = (e.target as HTMLElement).closest<HTMLButtonElement>('button[data-choice]');
        if (!button?.dataset.choice || signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        remove();
        resolve({ choice: button.dataset.choice });
      });
      signal.addEventListener('abort', onAbort, { once: true });
      place.show(card);
      announcer.say(text.t('askAnnounce').replace('{0}', params.title));
    });
}

/** The card itself: text only (textContent), so nothing in a question can become markup. */
function askCard(params: AskParams): HTMLElement {
  const n = ++cards;
  const card = el('section', 'ask-card');
  card.setAttribute('role', 'group');
  const title = el('h3', 'ask-title', params.title);
  title.id = `ask-title-${n}`;
  card.setAttribute('aria-labelledby', title.id);
  card.append(title);
  if (params.body) {
    const body = el('p', 'ask-body', params.body);
    body.id = `ask-body-${n}`;
    card.setAttribute('aria-describedby', body.id);
    card.append(body);
  }
  if (params.code) {
    const pre = el('pre', 'ask-code');
    pre.append(el('code', undefined, params.code));
    card.append(pre);
  }
  const buttons = el('div', 'ask-buttons');
  for (const b of params.buttons) {
    const button = el('button', b.primary ? 'text-button primary' : 'text-button', b.label);
    button.type = 'button';
    button.dataset.choice = b.id;
    buttons.append(button);
  }
  card.append(buttons);
  return card;
}
