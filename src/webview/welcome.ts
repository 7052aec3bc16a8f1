// Shown instead of the intro while no API key is set (webview views get no `viewsWelcome`):
// what the key is for, a button that runs Set API Key, and where to get a key (on the simulator:
// that any th-sim- key works, since no account there makes one).
import type { ChatState } from '../core/protocol/chatProtocol';
import { el } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

export class KeyWelcome {
  readonly el = el('section', 'key-welcome');
  private endpoint: ChatState['endpointBadge'] = null;

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
    const where = this.endpoint === 'simulator' ? t('welcomeSimulator') : t('welcomeNoAccount');
    this.el.replaceChildren(el('h2', undefined, t('welcomeTitle')), el('p', undefined, t('welcomeBody')), setKey, el('p', 'hint', where));
  }

  /** Where the key is for: the gateway's page to get one does not apply to the simulator. */
  setEndpoint(endpoint: ChatState['endpointBadge']): void {
    if (endpoint === this.endpoint) return;
    this.endpoint = endpoint;
    this.localize();
  }

  setHasKey(hasKey: boolean): void {
    this.el.hidden = hasKey;
  }
}
