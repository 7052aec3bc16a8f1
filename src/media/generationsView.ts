import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import { Commands } from '../platform/ids';
import type { GenerationRecord } from '../core/media/records';
import { formatCost } from '../core/media/records';
import { shortLabel } from '../core/shorten';
import type { GenerationStore } from './generationStore';

/** contextValue of an item; package.json's view/item/context menus match these. */
export function contextValueOf(r: GenerationRecord): string {
  return `generation-${r.status}`;
}

function stateLabel(r: GenerationRecord): string {
  switch (r.status) {
    case 'pending':
      return r.taskState === 'running' ? vscode.l10n.t('running') : vscode.l10n.t('queued');
    case 'done':
      return vscode.l10n.t('done');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'cancelled':
      return vscode.l10n.t('cancelled');
  }
}

function icon(r: GenerationRecord): vscode.ThemeIcon {
  switch (r.status) {
    case 'pending':
      return new vscode.ThemeIcon('loading~spin');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash');
    case 'done':
      return new vscode.ThemeIcon(r.kind === 'video' ? 'device-camera-video' : 'file-media');
  }
}

export function toTreeItem(r: GenerationRecord): vscode.TreeItem {
  const label = shortLabel(r.prompt, 60) || r.id;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = r.id;
  const cost = formatCost(r.cost);
  const count = r.kind === 'image' && r.files.length > 1 ? ` ×${r.files.length}` : '';
  item.description = [stateLabel(r) + count, cost, r.model].filter(Boolean).join(' · ');
  item.iconPath = icon(r);
  item.contextValue = contextValueOf(r);
  const md = new vscode.MarkdownString(undefined, true);
  md.appendText(r.prompt);
  md.appendMarkdown('\n\n');
  const lines = [
    vscode.l10n.t('Model: {0}', r.model),
    vscode.l10n.t('State: {0}', stateLabel(r)),
    new Date(r.createdAt).toLocaleString(),
  ];
  if (r.duration || r.resolution || r.aspectRatio) lines.push([r.duration ? `${r.duration}s` : '', r.resolution, r.aspectRatio].filter(Boolean).join(' · '));
  if (cost) lines.push(vscode.l10n.t('Cost: {0}', cost));
  if (r.error) lines.push(r.error);
  md.appendText(lines.join('\n'));
  item.tooltip = md;
  if (r.status === 'done' && r.files.length) {
    item.command = { command: Commands.openGeneration, title: vscode.l10n.t('Open'), arguments: [r.id] };
  }
  return item;
}

/** The "Generations" view: every image and video task, newest first. */
export class GenerationsTreeProvider extends Disposable implements vscode.TreeDataProvider<GenerationRecord> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;

  constructor(private readonly store: GenerationStore) {
    super();
    this._register(store.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this._onDidChangeTreeData.fire();
  }

  getChildren(element?: GenerationRecord): GenerationRecord[] {
    return element ? [] : this.store.all;
  }

  getTreeItem(element: GenerationRecord): vscode.TreeItem {
    return toTreeItem(element);
  }
}
