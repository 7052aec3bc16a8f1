// What follows an answer's parts: why it was cut off, its error with the host's actions, and a
// line with its tokens and cost (the model is named once, above the answer), the versions of a
// regenerated answer (‹ 1/2 ›), Retry (after an error or a cut), Copy Answer and Regenerate (on
// the last answer only).
import type { AssistantMessage } from '../core/conversation/conversation';
import { versionOf } from '../core/conversation/conversation';
import { textOf } from '../core/conversation/parts';
import type { UiStringKey } from '../core/protocol/uiStrings';
import { formatCost } from '../core/pricing';
import { el, iconButton } from './dom';
import type { ModelNames } from './modelNames';
import type { UiText } from './uiText';

/** Why an answer is cut off, in words: the token limit and the content filter say so. */
export function cutNote(m: AssistantMessage): UiStringKey {
  return m.stopReason === 'length' ? 'cutOffLength' : m.stopReason === 'contentFilter' ? 'cutOffContentFilter' : 'cutOff';
}

/** What a screen reader hears when an answer ends. */
export function endAnnouncement(m: AssistantMessage): UiStringKey {
  return m.state === 'done' ? 'answerDone' : m.state === 'cut' ? (m.stopReason ? cutNote(m) : 'answerStopped') : 'answerFailed';
}

const TASK_STATE: Record<NonNullable<AssistantMessage['task']>['state'], UiStringKey> = {
  running: 'taskRunning',
  waiting: 'taskWaiting',
  done: 'taskDone',
  stopped: 'taskStopped',
  paused: 'taskPausedSteps',
  failed: 'taskFailed',
  interrupted: 'taskInterrupted',
};

/** An agent task's line: steps, cost so far, where it stands; Continue and Undo Task when they apply. */
function taskLine(m: AssistantMessage, text: UiText, last: boolean): HTMLElement | undefined {
  const task = m.task;
  if (!task) return undefined;
  const t = (k: UiStringKey) => text.t(k);
  const line = el('div', 'task-line');
  line.dataset.state = task.state;
  const state = task.undone ? 'taskUndone' : task.state === 'paused' && task.limit === 'cost' ? 'taskPausedCost' : TASK_STATE[task.state];
  const cost = `${task.estimated ? '≈ ' : ''}${formatCost(task.cost)}${task.unpriced ? '+' : ''}`;
  line.append(el('span', 'task-summary', [t('taskLabel'), t('taskSteps').replace('{0}', String(task.steps)), cost, t(state)].join(' · ')));
  const canGoOn = last && !task.undone && (task.state === 'paused' || task.state === 'interrupted' || task.state === 'stopped' || task.state === 'failed') && m.state !== 'streaming';
  if (canGoOn) {
    const b = el('button', 'text-button primary', t('continueTask'));
    b.type = 'button';
    b.dataset.action = 'continueTask';
    line.append(b);
  }
  const changed = m.parts.some((p) => p.type === 'fileChange' && (p.state === 'accepted' || p.state === 'applied'));
  if (changed && !task.undone && m.state !== 'streaming') {
    const b = el('button', 'text-button', t('undoTask'));
    b.type = 'button';
    b.dataset.action = 'undoTask';
    line.append(b);
  }
  return line;
}

/** The note on an answer the gateway routed to another model: which one was asked for, by name. */
export function routedText(requestedModel: string, text: UiText, names: ModelNames): string {
  return ` (${text.t('routedFrom').replace('{0}', names.name(requestedModel))})`;
}

/** The routed note of a drawn footer, renamed after the model list changed (the rest of it stays). */
export function renameRouted(footer: HTMLElement, m: AssistantMessage, text: UiText, names: ModelNames): void {
  const routed = footer.querySelector('.answer-routed');
  if (!routed || !m.requestedModel) return;
  const now = routedText(m.requestedModel, text, names);
  if (routed.textContent !== now) routed.textContent = now;
}

export function renderAnswerFooter(footer: HTMLElement, m: AssistantMessage, text: UiText, names: ModelNames, regenerate: boolean, last = regenerate): void {
  const t = (k: UiStringKey) => text.t(k);
  const parts: Node[] = [];
  const task = taskLine(m, text, last);
  if (task) parts.push(task);
  if (m.state === 'cut' && !m.task) parts.push(el('div', 'answer-cut', t(cutNote(m))));
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
    const bits: string[] = [];
    if (m.usage) bits.push(`${approx}${m.usage.promptTokens.toLocaleString()} → ${m.usage.completionTokens.toLocaleString()} ${t('tokens')}`);
    if (m.cost !== undefined) bits.push(`${approx}${formatCost(m.cost)}`);
    else if (m.usage) bits.push(t('costUnknown'));
    const figures = el('span', 'answer-figures', bits.join(' · '));
    if (approx) figures.title = t('estimate');
    meta.append(figures);
    if (m.requestedModel) {
      const routed = el('span', 'answer-routed', routedText(m.requestedModel, text, names));
      routed.title = m.requestedModel;
      meta.append(routed);
    }
    const actions = el('span', 'message-actions');
    const versions = versionNav(m, text);
    if (versions) actions.append(versions);
    if ((m.state === 'error' || m.state === 'cut') && !m.task) {
      const retry = el('button', 'text-button', t('retry'));
      retry.dataset.action = 'retry';
      actions.append(retry);
    }
    if (textOf(m).trim()) actions.append(iconButton('copy', t('copyAnswer'), 'copyAnswer'));
    if (regenerate) actions.append(iconButton('refresh', t('regenerate'), 'regenerate'));
    meta.append(actions);
    parts.push(meta);
  }
  footer.replaceChildren(...parts);
}

/** Adds or removes Regenerate in a footer drawn by renderAnswerFooter for an answer that has ended. */
export function showRegenerate(footer: HTMLElement, regenerate: boolean, text: UiText): void {
  const actions = footer.querySelector(':scope > .answer-meta > .message-actions');
  const button = actions?.querySelector(':scope > button[data-action="regenerate"]');
  if (regenerate && actions && !button) actions.append(iconButton('refresh', text.t('regenerate'), 'regenerate'));
  if (!regenerate) button?.remove();
}

/** ‹ 2/3 ›: the versions of a regenerated answer; each arrow shows the one before or after. */
function versionNav(m: AssistantMessage, text: UiText): HTMLElement | undefined {
  const { index, count } = versionOf(m);
  if (count < 2) return undefined;
  const nav = el('span', 'answer-versions');
  nav.setAttribute('role', 'group');
  const where = text.t('versionOf').replace('{0}', String(index + 1)).replace('{1}', String(count));
  nav.setAttribute('aria-label', where);
  const prev = iconButton('chevron-left', text.t('previousVersion'), 'showVersion');
  prev.dataset.index = String(index - 1);
  prev.disabled = index === 0;
  const next = iconButton('chevron-right', text.t('nextVersion'), 'showVersion');
  next.dataset.index = String(index + 1);
  next.disabled = index === count - 1;
  const label = el('span', 'version-label', `${index + 1}/${count}`);
  label.title = where;
  nav.append(prev, label, next);
  return nav;
}
