import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import { completionSuitability, recommendCompletionModel } from '../core/completions/completionModels';
import { formatCost, formatPricePair } from '../core/pricing';
import { UnknownModelError } from '../platform/modelService';
import type { ModelService } from '../platform/modelService';
import { escapeIcons } from '../core/iconText';

export interface CompletionModelItem extends vscode.QuickPickItem {
  /** The id to set; '' for automatic; undefined on separators. */
  modelId?: string;
}

/** The model inline completions use: the setting, else the recommended one. */
export function completionModel(models: Pick<ModelService, 'currentId' | 'find' | 'models'>): { id: string; model?: ModelInfo; automatic: boolean } | undefined {
  const chosen = models.currentId('completion');
  if (chosen) return { id: chosen, model: models.find(chosen), automatic: false };
  const pick = recommendCompletionModel(models.models);
  return pick ? { id: pick.id, model: pick, automatic: true } : undefined;
}

function perThousandText(perThousand: number | undefined): string {
  return perThousand === undefined ? vscode.l10n.t('price not listed') : vscode.l10n.t('about {0} per 1,000 completions', formatCost(perThousand));
}

/**
 * The quick pick's items: Automatic first, then the suitable models (fast and cheap) by what a
 * thousand completions cost, then the other chat models with why they are not recommended.
 */
export function completionModelItems(models: Pick<ModelService, 'currentId' | 'find' | 'models'>): CompletionModelItem[] {
  const chosen = models.find(models.currentId('completion'))?.id ?? models.currentId('completion');
  const recommended = recommendCompletionModel(models.models);
  const items: CompletionModelItem[] = [
    {
      label: `${chosen ? '' : '$(check) '}${vscode.l10n.t('Automatic')}`,
      description: recommended ? escapeIcons(recommended.name) : undefined,
      detail: vscode.l10n.t('The fast, cheap model that costs least per completion ({0})', recommended ? perThousandText(completionSuitability(recommended).perThousand) : vscode.l10n.t('none listed now')),
      modelId: '',
    },
  ];
  const chat = models.models.filter((m) => m.kind === 'chat').map((m) => ({ m, s: completionSuitability(m) }));
  const suitable = chat.filter((x) => x.s.suitable).sort((a, b) => (a.s.perThousand ?? Infinity) - (b.s.perThousand ?? Infinity));
  const others = chat.filter((x) => !x.s.suitable);
  const item = ({ m, s }: (typeof chat)[number]): CompletionModelItem => {
    const why = s.reason === 'reasoning' ? vscode.l10n.t('reasons before answering: slow for completions') : s.reason === 'expensive' ? vscode.l10n.t('costly for completions') : s.reason === 'unknown' ? vscode.l10n.t('price not listed') : undefined;
    const price = formatPricePair(m);
    return {
      label: `${m.id === chosen ? '$(check) ' : ''}${escapeIcons(m.name)}`,
      description: escapeIcons(m.id),
      detail: [s.suitable ? `$(zap) ${perThousandText(s.perThousand)}` : `${perThousandText(s.perThousand)}${why && s.reason !== 'unknown' ? ` · ${why}` : ''}`, price].filter(Boolean).join(' · '),
      modelId: m.id,
    };
  };
  if (suitable.length) items.push({ label: vscode.l10n.t('Fast and cheap'), kind: vscode.QuickPickItemKind.Separator }, ...suitable.map(item));
  if (others.length) items.push({ label: vscode.l10n.t('Other chat models'), kind: vscode.QuickPickItemKind.Separator }, ...others.map(item));
  return items;
}

/** Sets the completion model ('' : automatic); says so when the gateway does not list it. */
export async function setCompletionModel(models: ModelService, id: string): Promise<boolean> {
  if (!id) {
    await models.clearCurrent('completion');
    return true;
  }
  try {
    await models.setCurrent('completion', id);
    return true;
  } catch (e) {
    if (!(e instanceof UnknownModelError)) throw e;
    void vscode.window.showWarningMessage(e.message);
    return false;
  }
}

/** The quick pick; resolves to the chosen id ('' for automatic), or undefined when dismissed. */
export async function pickCompletionModel(models: ModelService, onShow?: (qp: vscode.QuickPick<CompletionModelItem>) => void): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<CompletionModelItem>();
  qp.title = vscode.l10n.t('TokenHub: Model for Inline Completions');
  qp.placeholder = vscode.l10n.t('Fast, cheap models first: a completion is asked for at every pause in typing');
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = completionModelItems(models);
  return new Promise((resolve) => {
    let picked: string | undefined;
    qp.onDidAccept(() => {
      picked = qp.selectedItems[0]?.modelId;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(picked);
    });
    qp.show();
    onShow?.(qp);
  });
}
