// The header: the conversation's model (a select of the chat models, and "Choose a Model…" for
// the host's searchable picker), the badge of a local or simulated endpoint, and what the
// conversation has cost so far.
import type { Conversation } from '../core/conversation/conversation';
import { totals } from '../core/conversation/conversation';
import type { ChatSettingsView, ChatState, ModelOption } from '../core/protocol/chatProtocol';
import { formatCost } from '../core/pricing';
import { el, iconButton, nameButton } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

export class Header {
  readonly el = el('header', 'chat-header');
  private readonly label = el('label', 'sr-only');
  private readonly select = el('select', 'model-select');
  private readonly moreModels = iconButton('list-selection', '', 'pickModel');
  private readonly badge = el('span', 'endpoint-badge');
  private readonly total = el('span', 'conversation-total');
  /** While an agent task works: its steps and cost so far. */
  private readonly task = el('span', 'task-now');
  private models: ModelOption[] = [];
  private model = '';
  /** The request parameters that differ from the defaults, shown in the select's tooltip. */
  private params = '';

  constructor(host: HostConnection, private readonly text: UiText) {
    this.select.id = 'model-select';
    this.label.htmlFor = 'model-select';
    this.label.dataset.string = 'model';
    this.select.addEventListener('change', () => {
      if (this.select.value) host.post({ type: 'setModel', model: this.select.value });
    });
    this.moreModels.addEventListener('click', () => host.post({ type: 'runCommand', command: 'pickModel' }));
    this.badge.hidden = true;
    this.badge.setAttribute('role', 'note');
    this.el.append(this.label, this.select, this.moreModels, this.badge, this.task, this.total);
  }

  localize(): void {
    nameButton(this.moreModels, this.text.t('moreModels'));
    this.label.textContent = this.text.t('model');
  }

  setModels(models: ModelOption[], model: string): void {
    this.models = models;
    this.model = model;
    this.render();
  }

  setSettings(settings: ChatSettingsView): void {
    const t = (k: 'paramTemperature' | 'paramMaxTokens', v: number) => this.text.t(k).replace('{0}', String(v));
    const p: string[] = [];
    if (settings.temperature !== null) p.push(t('paramTemperature', settings.temperature));
    if (settings.maxTokens !== null) p.push(t('paramMaxTokens', settings.maxTokens));
    if (settings.hasSystemPrompt) p.push(this.text.t('paramSystemPrompt'));
    this.params = p.join(' · ');
    this.render();
  }

  setBadge(badge: ChatState['endpointBadge']): void {
    this.badge.hidden = !badge;
    this.badge.textContent = badge === 'simulator' ? this.text.t('simulator') : badge === 'local' ? this.text.t('localEndpoint') : '';
    this.badge.title = this.text.t('endpointBadgeTitle');
  }

  showTotals(conv: Conversation): void {
    const t = totals(conv);
    const any = t.promptTokens || t.completionTokens;
    this.total.textContent = any ? `${this.text.t('total')}: ${t.estimated ? '≈ ' : ''}${formatCost(t.cost)}${t.costIncomplete ? '+' : ''}` : '';
    this.total.title = any ? `${t.promptTokens.toLocaleString()} → ${t.completionTokens.toLocaleString()} ${this.text.t('tokens')}` : '';
    const last = conv.messages[conv.messages.length - 1];
    const task = last?.role === 'assistant' && last.task && (last.task.state === 'running' || last.task.state === 'waiting') ? last.task : undefined;
    this.task.hidden = !task;
    this.task.textContent = task ? this.text.t('taskHeader').replace('{0}', String(task.steps)).replace('{1}', `${task.estimated ? '≈ ' : ''}${formatCost(task.cost)}${task.unpriced ? '+' : ''}`) : '';
  }

  private render(): void {
    const options = [...this.models];
    if (this.model && !options.some((m) => m.id === this.model)) options.unshift({ id: this.model, name: this.model, vision: false });
    this.select.replaceChildren(
      ...options.map((m) => {
        const o = el('option', undefined, m.name === m.id ? m.id : `${m.name} (${m.id})`);
        o.value = m.id;
        o.selected = m.id === this.model;
        return o;
      }),
    );
    this.select.title = this.params ? `${this.model} (${this.params})` : this.model;
  }
}
