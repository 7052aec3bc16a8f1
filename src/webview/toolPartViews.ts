// An agent task's steps in its answer: a compact card per tool call (what it did, on what, how it
// went, how long, how much came back; the result itself folded away) and a card per file change
// (the file, +/− lines, where it stands, Open Diff). Everything is text (textContent): tool
// arguments and results come from the model and the workspace, and never become markup.
import type { FileChangePart, ToolCallPart } from '../core/conversation/parts';
import type { UiStringKey } from '../core/protocol/uiStrings';
import { el } from './dom';
import type { PartOf, PartState, PartView } from './partViews';
import type { UiText } from './uiText';

const TOOL_LABEL: Record<string, { key: UiStringKey; icon: string; arg?: string }> = {
  read_file: { key: 'toolRead', icon: 'file', arg: 'path' },
  list_directory: { key: 'toolList', icon: 'folder', arg: 'path' },
  find_files: { key: 'toolFind', icon: 'search', arg: 'glob' },
  search_text: { key: 'toolSearch', icon: 'search', arg: 'query' },
  document_symbols: { key: 'toolSymbols', icon: 'symbol-class', arg: 'path' },
  workspace_symbols: { key: 'toolWorkspaceSymbols', icon: 'symbol-class', arg: 'query' },
  get_problems: { key: 'toolProblems', icon: 'warning', arg: 'path' },
  git_changes: { key: 'toolGit', icon: 'git-compare' },
  edit_file: { key: 'toolEdit', icon: 'edit', arg: 'path' },
  create_file: { key: 'toolCreate', icon: 'new-file', arg: 'path' },
  rename_file: { key: 'toolRename', icon: 'file-symlink-file', arg: 'from' },
  delete_file: { key: 'toolDelete', icon: 'trash', arg: 'path' },
  run_command: { key: 'toolRun', icon: 'terminal', arg: 'command' },
};

const STATUS: Record<NonNullable<ToolCallPart['status']>, { key: UiStringKey; icon: string }> = {
  pending: { key: 'statusPending', icon: 'question' },
  running: { key: 'statusRunning', icon: 'loading codicon-modifier-spin' },
  done: { key: 'statusDone', icon: 'check' },
  failed: { key: 'statusFailed', icon: 'error' },
  denied: { key: 'statusDenied', icon: 'circle-slash' },
  refused: { key: 'statusRefused', icon: 'shield' },
  stopped: { key: 'statusStopped', icon: 'debug-stop' },
};

/** The one-line summary of a call's arguments (the path, the query, the command), from its JSON. */
export function toolSummary(call: ToolCallPart): string {
  const label = TOOL_LABEL[call.name];
  let args: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(call.arguments || '{}');
    if (parsed && typeof parsed === 'object') args = parsed as Record<string, unknown>;
  } catch {
    return call.arguments.slice(0, 120);
  }
  const value = label?.arg ? args[label.arg] : undefined;
  const text = typeof value === 'string' ? value : call.name === 'get_problems' ? '' : Object.keys(args).length ? JSON.stringify(args) : '';
  const line = text.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

function icon(name: string): HTMLElement {
  const i = el('span', `codicon codicon-${name}`);
  i.setAttribute('aria-hidden', 'true');
  return i;
}

export class ToolCallView implements PartView<'tool'> {
  readonly kind = 'tool';
  /** The card is a <details>: its summary is the step's line; opening it shows what the tool returned. */
  readonly el = el('details', 'tool-card');
  private readonly head = el('summary', 'tool-head');
  private readonly resultText = el('pre', 'tool-result-text');
  private shown = '';

  constructor(private readonly text: UiText) {
    this.el.append(this.head, this.resultText);
  }

  update(part: PartOf<'tool'>, _state: PartState): void {
    const { call, result } = part;
    const t = (k: UiStringKey) => this.text.t(k);
    const label = TOOL_LABEL[call.name] ?? { key: 'toolOther' as const, icon: 'tools' };
    const status = STATUS[call.status ?? (result ? 'done' : 'pending')];
    const what = t(label.key).replace('{0}', label.key === 'toolOther' ? call.name : toolSummary(call));
    this.el.dataset.status = call.status ?? '';
    this.el.dataset.tool = call.name;
    this.el.classList.toggle('has-result', !!result);
    this.el.classList.toggle('is-error', !!result?.isError);
    const bits: string[] = [t(status.key)];
    if (call.ms !== undefined && call.status !== 'pending') bits.push(`${(call.ms / 1000).toFixed(1)} s`);
    if (result) bits.push(t('resultLines').replace('{0}', String(result.content.split('\n').length)));
    const key = `${what}|${bits.join('|')}|${label.icon}|${status.icon}`;
    if (key !== this.shown) {
      this.shown = key;
      const name = el('span', 'tool-what', what);
      name.title = result ? `${what}\n${t('showResult')}` : what;
      this.head.replaceChildren(icon(label.icon), name, el('span', 'tool-status', bits.join(' · ')), icon(status.icon));
    }
    if (result && this.resultText.textContent !== result.content) this.resultText.textContent = result.content;
    // Nothing to open before there is a result.
    if (!result) this.el.open = false;
  }
}

const CHANGE_STATE: Record<FileChangePart['state'], UiStringKey> = {
  pending: 'changePending',
  accepted: 'changeAccepted',
  rejected: 'changeRejected',
  applied: 'changeApplied',
  undone: 'changeUndone',
};

export class FileChangeView implements PartView<'change'> {
  readonly kind = 'change';
  readonly el = el('div', 'change-card');
  private shown = '';

  constructor(private readonly text: UiText) {}

  update(part: PartOf<'change'>, _state: PartState): void {
    const c = part.change;
    const t = (k: UiStringKey) => this.text.t(k);
    const key = JSON.stringify(c);
    if (key === this.shown) return;
    this.shown = key;
    this.el.dataset.state = c.state;
    this.el.dataset.callId = c.callId;
    const name = c.to ? `${c.path} → ${c.to}` : c.path;
    const file = el('span', 'change-file', name);
    file.title = name;
    const stats = el('span', 'change-stats');
    stats.append(el('span', 'added', `+${c.added}`), ' ', el('span', 'removed', `−${c.removed}`));
    const open = el('button', 'text-button change-open', t('openDiff'));
    open.type = 'button';
    open.dataset.action = 'openChange';
    open.dataset.callId = c.callId;
    const iconName = c.action === 'create' ? 'diff-added' : c.action === 'delete' ? 'diff-removed' : c.action === 'rename' ? 'diff-renamed' : 'diff-modified';
    // Two lines, so a narrow side bar still shows the whole file name.
    const top = el('div', 'change-top');
    top.append(icon(iconName), file);
    const bottom = el('div', 'change-bottom');
    bottom.append(stats, el('span', 'change-state', t(CHANGE_STATE[c.state])), open);
    this.el.replaceChildren(top, bottom);
  }
}
