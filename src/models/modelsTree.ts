import * as vscode from 'vscode';
import { groupByProvider, matchesFilter } from '../core/catalogue/modelGroups';
import type { ModelInfo } from '../core/catalogue/types';
import { formatContextWindow, formatPricePair } from '../core/pricing';
import { formatModelRef, sameRef } from '../core/profiles/modelRef';
import type { Profile } from '../core/profiles/profiles';
import { Commands } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { ModelService } from '../platform/modelService';
import { modelTooltip } from '../platform/modelFormat';
import type { ProfileService } from '../platform/profiles';
import { profileTooltip } from '../platform/profileFormat';

/** A gateway profile (shown when there are several): its groups of models, or nothing yet while it waits for approval. */
export interface ProfileNode {
  type: 'profile';
  profile: Profile;
  /** A workspace's profile the user has not approved: shown, never used. */
  pending: boolean;
  groups: GroupNode[];
}

export interface GroupNode {
  type: 'group';
  /** `favorites`, `provider:<key>`, `images`, `videos`. */
  id: string;
  label: string;
  icon: string;
  models: ModelInfo[];
  /** The profile the group belongs to, when the tree shows profiles. */
  parent?: ProfileNode;
}

export interface ModelNode {
  type: 'model';
  model: ModelInfo;
  parent: GroupNode;
}

export type ModelsNode = ProfileNode | GroupNode | ModelNode;

/**
 * The "Models" view: Favorites first, then, for each gateway profile (when there is more than
 * one), one group per provider (chat models), then image and video models in groups of their own.
 * A workspace's profile that waits for approval is shown with a way to approve it. Each model
 * shows context window and prices, an icon for its main capability (all of them in the tooltip),
 * and a mark on the current chat and code models. A filter (name, id, provider, capability words
 * like `vision`) narrows every group.
 */
export class ModelsTreeProvider extends Disposable implements vscode.TreeDataProvider<ModelsNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<ModelsNode | undefined | void>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private _filter = '';
  private roots: (ProfileNode | GroupNode)[] | undefined;

  constructor(private readonly models: ModelService, private readonly profiles: ProfileService) {
    super();
    const refresh = () => this.refresh();
    this._register(models.onDidChangeModels(refresh));
    this._register(models.onDidChangeCurrent(refresh));
    this._register(models.onDidChangeFavorites(refresh));
    this._register(profiles.onDidChange(refresh));
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
    if (element.type === 'profile') return element.groups;
    if (element.type === 'group') return element.models.map((model) => ({ type: 'model', model, parent: element }));
    return [];
  }

  getParent(element: ModelsNode): ModelsNode | undefined {
    if (element.type === 'model') return element.parent;
    if (element.type === 'group') return element.parent;
    return undefined;
  }

  /** Every model node under the roots (tests and `reveal` use it). */
  allModelNodes(): ModelNode[] {
    const groups = this.getChildren().flatMap((n) => (n.type === 'profile' ? n.groups : n.type === 'group' ? [n] : []));
    return groups.flatMap((g) => this.getChildren(g)) as ModelNode[];
  }

  /** The profile nodes (empty while there is only the default profile). */
  profileNodes(): ProfileNode[] {
    return this.getChildren().filter((n): n is ProfileNode => n.type === 'profile');
  }

  private buildRoots(): (ProfileNode | GroupNode)[] {
    const roots: (ProfileNode | GroupNode)[] = [];
    const visible = this.models.models.filter((m) => matchesFilter(m, this._filter));
    const favorites = this.models.favorites
      .map((ref) => this.models.find(ref))
      .filter((m): m is ModelInfo => !!m && visible.includes(m))
      .filter((m, i, a) => a.indexOf(m) === i);
    if (favorites.length) roots.push({ type: 'group', id: 'favorites', label: vscode.l10n.t('Favorites'), icon: 'star-full', models: favorites });
    const several = this.profiles.several || this.profiles.pending.length > 0;
    if (!several) {
      roots.push(...this.groupsOf(visible.filter((m) => this.models.refOf(m).profile === this.profiles.default.id)));
      return roots;
    }
    for (const profile of this.profiles.all) {
      const node: ProfileNode = { type: 'profile', profile, pending: false, groups: [] };
      node.groups = this.groupsOf(visible.filter((m) => m.profile === profile.id), node);
      // A filter hides profiles with nothing to show; without one every profile shows, empty or not.
      if (node.groups.length || !this._filter) roots.push(node);
    }
    for (const profile of this.profiles.pending) roots.push({ type: 'profile', profile, pending: true, groups: [] });
    return roots;
  }

  private groupsOf(models: ModelInfo[], parent?: ProfileNode): GroupNode[] {
    const groups: GroupNode[] = [];
    for (const g of groupByProvider(models.filter((m) => m.kind === 'chat'))) {
      groups.push({ type: 'group', id: `provider:${g.provider}`, label: g.providerName, icon: 'organization', models: g.models, parent });
    }
    const images = models.filter((m) => m.kind === 'image');
    if (images.length) groups.push({ type: 'group', id: 'images', label: vscode.l10n.t('Image models'), icon: 'file-media', models: images, parent });
    const videos = models.filter((m) => m.kind === 'video');
    if (videos.length) groups.push({ type: 'group', id: 'videos', label: vscode.l10n.t('Video models'), icon: 'device-camera-video', models: videos, parent });
    return groups;
  }

  getTreeItem(element: ModelsNode): vscode.TreeItem {
    if (element.type === 'profile') return this.profileItem(element);
    if (element.type === 'group') {
      const expanded = element.id === 'favorites' || !!this._filter || element.models.some((m) => this.isCurrent(m).chat);
      const item = new vscode.TreeItem(element.label, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = element.parent ? `profile:${element.parent.profile.id}/group:${element.id}` : `group:${element.id}`;
      item.iconPath = new vscode.ThemeIcon(element.icon);
      item.description = String(element.models.length);
      item.contextValue = `group-${element.id.split(':')[0]}`;
      return item;
    }
    const m = element.model;
    const ref = this.models.refOf(m);
    const { chat, code, media } = this.isCurrent(m);
    const favorite = this.models.isFavorite(ref);
    const item = new vscode.TreeItem(m.name, vscode.TreeItemCollapsibleState.None);
    // Favorites may hold models of several profiles with one id: the reference tells them apart.
    item.id = element.parent.parent ? `profile:${ref.profile}/${element.parent.id}/${m.id}` : `${element.parent.id}/${formatModelRef(ref)}`;
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
    // Favorites mix profiles: each says whose it is.
    if (element.parent.id === 'favorites' && this.profiles.several) facts.push(this.profiles.nameOf(ref.profile));
    if (m.contextWindow) facts.push(formatContextWindow(m.contextWindow));
    const price = this.priceOf(m);
    if (price) facts.push(price);
    item.description = [...marks, ...facts].join(' · ');
    item.tooltip = modelTooltip(m, { chat, code, favorite, profile: this.profiles.several ? this.profiles.nameOf(ref.profile) : undefined });
    item.iconPath = this.iconFor(m, chat || media, code);
    // Matches the manifest's `viewItem =~ /model-chat/`, `/model-/` and `/favorite/` menus.
    item.contextValue = `model-${m.kind}${favorite ? ' favorite' : ''}${chat ? ' current-chat' : ''}${code ? ' current-code' : ''}`;
    item.accessibilityInformation = {
      label: [m.name, m.providerName, ...spoken, ...(favorite ? [vscode.l10n.t('favorite')] : []), ...facts].join(', '),
    };
    return item;
  }

  private profileItem(node: ProfileNode): vscode.TreeItem {
    const p = node.profile;
    const current = !node.pending && this.models.currentRef('chat').profile === p.id;
    const state = node.pending
      ? vscode.TreeItemCollapsibleState.None
      : current || !!this._filter
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(p.name, state);
    item.id = `profile:${p.id}${node.pending ? ':pending' : ''}`;
    let host = p.baseUrl;
    try {
      host = new URL(p.baseUrl).host;
    } catch {
      // shown as written
    }
    const count = node.groups.reduce((n, g) => n + g.models.length, 0);
    if (node.pending) {
      item.description = vscode.l10n.t('{0} · defined by this workspace: needs approval', host);
      item.iconPath = new vscode.ThemeIcon('shield');
      item.contextValue = 'profile-pending';
      item.command = { command: Commands.approveProfile, title: vscode.l10n.t('Approve Gateway Profile'), arguments: [{ profile: p.id }] };
    } else {
      const offline = this.models.isOffline(p.id);
      item.description = [host, vscode.l10n.t('{0} models', count), ...(offline ? [vscode.l10n.t('offline')] : [])].join(' · ');
      item.iconPath = new vscode.ThemeIcon(current ? 'plug' : p.keyless ? 'vm' : 'cloud', current ? new vscode.ThemeColor('charts.green') : undefined);
      item.contextValue = `profile-${p.source}`;
    }
    item.tooltip = profileTooltip(p, { pending: node.pending, models: count, offline: !node.pending && this.models.isOffline(p.id) });
    item.accessibilityInformation = { label: [p.name, String(item.description ?? '')].join(', ') };
    return item;
  }

  /** Its prices; `free` on a free profile; for a chat model without any, `price unknown` (never a made-up $0). */
  private priceOf(m: ModelInfo): string | undefined {
    if (this.profiles.get(m.profile ?? '')?.free) return vscode.l10n.t('free');
    return formatPricePair(m) ?? (m.kind === 'chat' ? vscode.l10n.t('price unknown') : undefined);
  }

  /** Current chat / code model, or (image and video models) the one the media commands use. */
  private isCurrent(m: ModelInfo): { chat: boolean; code: boolean; media: boolean } {
    const ref = this.models.refOf(m);
    const is = (purpose: 'chat' | 'code' | 'image' | 'video') => {
      const cur = this.models.current(purpose);
      return !!cur && sameRef(this.models.refOf(cur), ref);
    };
    if (m.kind !== 'chat') return { chat: false, code: false, media: is(m.kind) };
    return { chat: is('chat'), code: is('code'), media: false };
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
