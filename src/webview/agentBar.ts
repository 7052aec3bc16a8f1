// Above the composer's input: the Ask / Agent switch (kept per conversation), why Agent is off
// with this model and a model that can do it, and in agent mode the project rules in use (with a
// warning when they hide characters), which can be shown or switched off.
import type { AgentView } from '../core/protocol/chatProtocol';
import { el, iconButton, nameButton } from './dom';
import type { HostConnection } from './host';
import type { UiText } from './uiText';

export class AgentBar {
  readonly el = el('div', 'agent-bar');
  private readonly ask = el('button', 'mode-button', '');
  private readonly agent = el('button', 'mode-button', '');
  private readonly note = el('div', 'agent-note');
  private readonly rules = el('div', 'rules-chip');
  private mode: 'ask' | 'agent' = 'ask';
  private view: AgentView = { rules: [], rulesOff: false };

  constructor(private readonly host: HostConnection, private readonly text: UiText) {
    const group = el('div', 'mode-switch');
    group.setAttribute('role', 'group');
    for (const [b, mode] of [[this.ask, 'ask'], [this.agent, 'agent']] as const) {
      b.type = 'button';
      b.dataset.mode = mode;
      b.addEventListener('click', () => {
        if (!b.disabled && this.mode !== mode) this.host.post({ type: 'setMode', mode });
      });
      group.append(b);
    }
    this.note.hidden = true;
    this.note.setAttribute('role', 'note');
    this.rules.hidden = true;
    this.el.append(group, this.rules, this.note);
  }

  localize(): void {
    const t = this.text.t.bind(this.text);
    this.ask.textContent = t('modeAsk');
    this.agent.textContent = t('modeAgent');
    this.el.querySelector('.mode-switch')?.setAttribute('aria-label', t('modeLabel'));
    this.render();
  }

  set(mode: 'ask' | 'agent', view: AgentView): void {
    this.mode = mode;
    this.view = view;
    this.render();
  }

  private render(): void {
    const t = this.text.t.bind(this.text);
    const agentOn = this.mode === 'agent';
    this.ask.setAttribute('aria-pressed', String(!agentOn));
    this.agent.setAttribute('aria-pressed', String(agentOn));
    // Off with a model that cannot call tools; still on to switch back if the conversation is in agent mode.
    this.agent.disabled = !!this.view.refusal && !agentOn;
    this.agent.title = this.view.refusal ?? t('modeAgentHint');
    this.el.classList.toggle('agent-mode', agentOn);

    this.note.hidden = !this.view.refusal;
    if (this.view.refusal) {
      const parts: Node[] = [el('span', undefined, this.view.refusal)];
      const s = this.view.suggestion;
      if (s) {
        const use = el('button', 'text-button', t('useModel').replace('{0}', s.name));
        use.type = 'button';
        use.addEventListener('click', () => this.host.post({ type: 'setModel', model: s.id }));
        parts.push(use);
      }
      this.note.replaceChildren(...parts);
    }

    const files = this.view.rules;
    this.rules.hidden = !agentOn || (!files.length && !this.view.rulesOff);
    if (this.rules.hidden) return;
    if (this.view.rulesOff) {
      const on = el('button', 'text-button', t('rulesTurnOn'));
      on.type = 'button';
      on.addEventListener('click', () => this.host.post({ type: 'setRules', on: true }));
      this.rules.replaceChildren(el('span', 'rules-label', t('rulesOff')), on);
      return;
    }
    const flags = files.reduce((n, f) => n + f.flags, 0);
    const label = el('button', `rules-label text-button${flags ? ' flagged' : ''}`, t('rulesInUse').replace('{0}', files.map((f) => `${f.path} (${(f.bytes / 1024).toFixed(1)} KB${f.truncated ? '+' : ''})`).join(', ')));
    label.type = 'button';
    label.title = flags ? t('rulesFlagged').replace('{0}', String(flags)) : t('rulesShow');
    label.addEventListener('click', () => this.host.post({ type: 'showRules' }));
    const off = iconButton('close', '');
    nameButton(off, t('rulesTurnOff'));
    off.addEventListener('click', () => this.host.post({ type: 'setRules', on: false }));
    const parts: Node[] = [];
    if (flags) {
      const warn = el('span', 'codicon codicon-warning');
      warn.setAttribute('aria-hidden', 'true');
      parts.push(warn);
    }
    this.rules.replaceChildren(...parts, label, off);
  }
}
