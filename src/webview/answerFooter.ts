// What follows an answer's parts: why it was cut off, its error with the host's actions, and a
// line with the model, tokens and cost, Retry (after an error or a cut) and Regenerate (on the
// last answer only).
import type { AssistantMessage } from '../core/conversation/conversation';
import type { UiStringKey } from '../core/protocol/uiStrings';
import { formatCost } from '../core/pricing';
import { el, iconButton } from './dom';
import type { UiText } from './uiText';

/** Why an answer is cut off, in words: the token limit and the content filter say so. */
export function cutNote(m: AssistantMessage): UiStringKey {
  return m.stopReason === 'length' ? 'cutOffLength' : m.stopReason === 'contentFilter' ? 'cutOffContentFilter' : 'cutOff';
}

/** What a screen reader hears when an answer ends. */
export function endAnnouncement(m: AssistantMessage): UiStringKey {
  return m.state === 'done' ? 'answerDone' : m.state === 'cut' ? (m.stopReason ? cutNote(m) : 'answerStopped') : 'answerFailed';
}

export function renderAnswerFooter(footer: HTMLElement, m: AssistantMessage, text: UiText, regenerate: boolean): void {
  const t = (k: UiStringKey) => text.t(k);
  const parts: Node[] = [];
  if (m.state === 'cut') parts.push(el('div', 'answer-cut', t(cutNote(m))));
  if (m.state === 'error' && m.error) {
    const box = el('div', 'answer-error');
    box.setAttribute('role', 'alert');
    const icon = el('span', 'codicon codicon-error');
    icon.setAttribute('aria-hidden', 'true');
    box.append(icon, el('span', 'error-text', m.error.message));
    m.error.actions.forEach((a, index) => {
      if (!a.command) return;
      const b = el('button', 'text-button', a.title);
      b.dataset.action = 'errorAction';
      b.dataset.index = String(index);
      box.append(b);
    });
    parts.push(box);
  }
  if (m.state !== 'streaming') {
    const meta = el('div', 'answer-meta');
    // An estimate (no usage from the gateway) is said as such: "≈", with why in the tooltip.
    const approx = m.usage?.estimated ? '≈ ' : '';
    const bits = [m.model];
    if (m.usage) bits.push(`${approx}${m.usage.promptTokens.toLocaleString()} → ${m.usage.completionTokens.toLocaleString()} ${t('tokens')}`);
    if (m.cost !== undefined) bits.push(`${approx}${formatCost(m.cost)}`);
    else if (m.usage) bits.push(t('costUnknown'));
    meta.textContent = bits.join(' · ');
    if (m.requestedModel) {
      const routed = el('span', 'answer-routed', ` (${t('routedFrom').replace('{0}', m.requestedModel)})`);
      meta.append(routed);
    }
    if (approx) meta.title = t('estimate');
    const actions = el('span', 'message-actions');
    if (m.state === 'error' || m.state === 'cut') {
      const retry = el('button', 'text-button', t('retry'));
      retry.dataset.action = 'retry';
      actions.append(retry);
    }
    if (regenerate) actions.append(iconButton('refresh', t('regenerate'), 'regenerate'));
    meta.append(actions);
    parts.push(meta);
  }
  footer.replaceChildren(...parts);
}
