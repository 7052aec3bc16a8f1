import * as vscode from 'vscode';
import { groupByProvider, matchesFilter } from '../core/catalogue/modelGroups';
import type { ModelInfo } from '../core/catalogue/types';
import { formatContextWindow, formatPricePair } from '../core/pricing';
import { Disposable } from '../platform/lifecycle';
import type { ModelService } from '../platform/modelService';
import { modelTooltip } from '../platform/modelFormat';

export interface GroupNode {
  type: 'group';
  /** `favorites`, `provider:<key>`, `images`, `videos`. */
  id: string;
  label: string;
  icon: string;
  models: ModelInfo[];
}

export interface ModelNode {
  type: 'model';
  model: ModelInfo;
  parent: GroupNode;
}

export type ModelsNode = GroupNode | ModelNode;

/**
 * The "Models" view: Favorites first, then one group per provider (chat models), then image and
 * video models in groups of their own. Each model shows context window and prices, an icon for
 * its main capability (all of them in the tooltip), and a mark on the current chat and code
 * models. A filter (name, id, provider, capability words like `vision`) narrows every group.
 */
export class ModelsTreeProvider extends Disposable implements vscode.TreeDataProvider<ModelsNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<ModelsNode | undefined | void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private _filter = '';
  private roots: GroupNode[] | undefined;

  constructor(private readonly models: ModelService) {
    super();
    const refresh = () => this.refresh();
    this._register(models.onDidChangeModels(refresh));
    this._register(models.onDidChangeCurrent(refresh));
    this._register(models.onDidChangeFavorites(refresh));
  }

  get filter(): string {
    return this._filter;
  }

  set filter(value: string) {
    this._filter = value.trim();
    this.refresh();
  }

  refresh(): void {
    this.roots = undefined;
    this._onDidChangeTreeData.fire();
  }

  getChildren(element?: ModelsNode): ModelsNode[] {
    if (!element) return (this.roots ??= this.buildRoots());
    if (element.type === 'group') return element.models.map((model) => ({ type: 'model', model, parent: element }));
    return [];
  }

  getParent(element: ModelsNode): ModelsNode | undefined {
    return element.type === 'model' ? element.parent : undefined;
  }

  /** Every model node under the roots (tests and `reveal` use it). */
  allModelNodes(): ModelNode[] {
    return this.getChildren().flatMap((g) => this.getChildren(g)) as ModelNode[];
  }

  private buildRoots(): GroupNode[] {
    const visible = this.models.models.filter((m) => matchesFilter(m, this._filter));
    const roots: GroupNode[] = [];
    const favorites = this.models.favorites
      .map((id) => this.models.find(id))
      .filter((m): m is ModelInfo => !!m && visible.includes(m))
      .filter((m, i, a) => a.indexOf(m) === i);
    if (favorites.length) roots.push({ type: 'group', id: 'favorites', label: vscode.l10n.t('Favorites'), icon: 'star-full', models: favorites });
    for (const g of groupByProvider(visible.filter((m) => m.kind === 'chat'))) {
      roots.push({ type: 'group', id: `provider:${g.provider}`, label: g.providerName, icon: 'organization', models: g.models });
    }
    const images = visible.filter((m) => m.kind === 'image');
    if (images.length) roots.push({ type: 'group', id: 'images', label: vscode.l10n.t('Image models'), icon: 'file-media', models: images });
    const videos = visible.filter((m) => m.kind === 'video');
    if (videos.length) roots.push({ type: 'group', id: 'videos', label: vscode.l10n.t('Video models'), icon: 'device-camera-video', models: videos });
    return roots;
  }

  getTreeItem(element: ModelsNode): vscode.TreeItem {
    if (element.type === 'group') {
      const expanded = element.id === 'favorites' || !!this._filter || element.models.some((m) => this.isCurrent(m).chat);
      const item = new vscode.TreeItem(element.label, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `group:${element.id}`;
      item.iconPath = new vscode.ThemeIcon(element.icon);
      item.description = String(element.models.length);
      item.contextValue = `group-${element.id.split(':')[0]}`;
      return item;
    }
    const m = element.model;
    const { chat, code, media } = this.isCurrent(m);
    const favorite = this.models.isFavorite(m.id);
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.None);
    item.id = `${element.parent.id}/${m.id}`;
    const marks: string[] = [];
    const spoken: string[] = [];
    if (chat) {
      marks.push(vscode.l10n.t('✓ chat'));
      spoken.push(vscode.l10n.t('current chat model'));
    }
    if (code) {
      marks.push(vscode.l10n.t('✓ code'));
      spoken.push(vscode.l10n.t('current code-command model'));
    }
    if (media) {
      marks.push(vscode.l10n.t('✓ in use'));
      spoken.push(vscode.l10n.t('current model for generation'));
    }
    const facts: string[] = [];
    if (m.contextWindow) facts.push(formatContextWindow(m.contextWindow));
    const price = formatPricePair(m);
    if (price) facts.push(price);
    item.description = [...marks, ...facts].join(' · ');
    item.tooltip = modelTooltip(m, { chat, code, favorite });
    item.iconPath = this.iconFor(m, chat || media, code);
    // Matches the manifest's `viewItem =~ /model-chat/`, `/model-/` and `/favorite/` menus.
    item.contextValue = `model-${m.kind}${favorite ? ' favorite' : ''}${chat ? ' current-chat' : ''}${code ? ' current-code' : ''}`;
    item.accessibilityInformation = {
      label: [m.name, m.providerName, ...spoken, ...(favorite ? [vscode.l10n.t('favorite')] : []), ...facts].join(', '),
    };
    return item;
  }

  /** Current chat / code model, or (image and video models) the one the media commands use. */
  private isCurrent(m: ModelInfo): { chat: boolean; code: boolean; media: boolean } {
    if (m.kind !== 'chat') return { chat: false, code: false, media: this.models.current(m.kind)?.id === m.id };
    return { chat: this.models.current('chat')?.id === m.id, code: this.models.current('code')?.id === m.id, media: false };
  }

  private iconFor(m: ModelInfo, chat: boolean, code: boolean): vscode.ThemeIcon {
    const green = new vscode.ThemeColor('charts.green');
    if (chat) return new vscode.ThemeIcon('pass-filled', green);
    if (code) return new vscode.ThemeIcon('code', green);
    if (m.kind === 'image') return new vscode.ThemeIcon('file-media');
    if (m.kind === 'video') return new vscode.ThemeIcon('device-camera-video');
    if (m.capabilities.reasoning) return new vscode.ThemeIcon('lightbulb');
    if (m.capabilities.vision) return new vscode.ThemeIcon('eye');
    if (m.capabilities.tools) return new vscode.ThemeIcon('tools');
    return new vscode.ThemeIcon('symbol-misc');
  }
}
