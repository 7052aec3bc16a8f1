// Shown instead of the intro while no API key is set (webview views get no `viewsWelcome`):
// what the key is for, a button that runs Set API Key, and where to get a key.
import { el } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

export class KeyWelcome {
  readonly el = el('section', 'key-welcome');

  constructor(host: HostConnection, private readonly text: UiText) {
    this.el.hidden = true;
    this.el.setAttribute('role', 'region');
    this.el.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('button[data-host-command="setApiKey"]')) host.post({ type: 'runCommand', command: 'setApiKey' });
    });
  }

  localize(): void {
    const t = (k: Parameters<UiText['t']>[0]) => this.text.t(k);
    const setKey = el('button', 'text-button primary', t('setApiKey'));
    setKey.dataset.hostCommand = 'setApiKey';
    this.el.setAttribute('aria-label', t('welcomeTitle'));
    this.el.replaceChildren(el('h2', undefined, t('welcomeTitle')), el('p', undefined, t('welcomeBody')), setKey, el('p', 'hint', t('welcomeNoAccount')));
  }

  setHasKey(hasKey: boolean): void {
    this.el.hidden = hasKey;
  }
}
