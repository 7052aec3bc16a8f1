// The header: the conversation's model (one button with its name that opens the host's model
// picker), the badge of a local or simulated endpoint, and what the conversation has cost so far.
import type { Conversation } from '../core/conversation/conversation';
import { totals } from '../core/conversation/conversation';
import type { ChatSettingsView, ChatState, ModelOption } from '../core/protocol/chatProtocol';
import { formatCost } from '../core/pricing';
import { el } from './dom';
import type { HostConnection } from './host';
import type { ModelNames } from './modelNames';
import type { UiText } from './uiText';

export class Header {
  readonly el = el('header', 'chat-header');
  /** The model: its whole short name, and a chevron; opens the same picker as the status bar. */
  private readonly modelButton = el('button', 'model-button');
  private readonly modelName = el('span', 'model-name');
  private readonly badge = el('span', 'endpoint-badge');
  private readonly total = el('span', 'conversation-total');
  /** While an agent task works: its steps and cost so far. */
  private readonly task = el('span', 'task-now');
  private model = '';
  /** The request parameters that differ from the defaults, shown in the model's tooltip. */
  private params = '';

  constructor(host: HostConnection, private readonly text: UiText, private readonly names: ModelNames) {
    this.modelButton.type = 'button';
    this.modelButton.dataset.action = 'pickModel';
    const chevron = el('span', 'codicon codicon-chevron-down');
    chevron.setAttribute('aria-hidden', 'true');
    this.modelButton.append(this.modelName, chevron);
    this.modelButton.addEventListener('click', () => host.post({ type: 'runCommand', command: 'pickModel' }));
    this.badge.hidden = true;
    this.badge.setAttribute('role', 'note');
    this.el.append(this.modelButton, this.badge, this.task, el('span', 'spacer'), this.total);
  }

  localize(): void {
    this.render();
  }

  setModels(models: ModelOption[], model: string): void {
    this.names.set(models);
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
    const tokens = `${t.promptTokens.toLocaleString()} → ${t.completionTokens.toLocaleString()} ${this.text.t('tokens')}`;
    this.total.title = !any ? '' : t.versions ? `${tokens}\n${this.text.t('totalVersions')}` : tokens;
    const last = conv.messages[conv.messages.length - 1];
    const task = last?.role === 'assistant' && last.task && (last.task.state === 'running' || last.task.state === 'waiting') ? last.task : undefined;
    this.task.hidden = !task;
    this.task.textContent = task ? this.text.t('taskHeader').replace('{0}', String(task.steps)).replace('{1}', `${task.estimated ? '≈ ' : ''}${formatCost(task.cost)}${task.unpriced ? '+' : ''}`) : '';
  }

  private render(): void {
    const name = this.names.name(this.model);
    this.modelName.textContent = name;
    // The id (and the parameters that differ from the defaults) for whoever wants them.
    this.modelButton.title = [this.model, this.params && `(${this.params})`, '—', this.text.t('moreModels')].filter(Boolean).join(' ');
    this.modelButton.setAttribute('aria-label', `${this.text.t('model')}: ${name}. ${this.text.t('moreModels')}`);
  }
}
