import * as vscode from 'vscode';
import type { ModelInfo } from '../core/catalogue/types';
import { estimateImageCost, estimateVideoCost } from '../core/media/requests';
import { formatCost } from '../core/pricing';

// What a generation will cost, said before anything is sent: the batch of images, the video at
// its duration, from the catalogue's price per image or per second of the model chosen (Kling's
// std and pro modes are two models with their own prices). A price the catalogue does not list is
// said to be unknown, never shown as $0.

/** The confirm step: what will be made and what it costs. */
export interface SpendQuestion {
  message: string;
  detail: string;
  /** The button that goes ahead. */
  action: string;
  /** USD; undefined when the price is unknown. */
  price?: number;
}

type Priced = Pick<ModelInfo, 'name' | 'unitPrice'> | undefined;

export function imageQuestion(modelId: string, model: Priced, count: number): SpendQuestion {
  const name = model?.name || modelId;
  const price = estimateImageCost(model?.unitPrice, count);
  const message = count === 1 ? vscode.l10n.t('Generate 1 image with {0}?', name) : vscode.l10n.t('Generate {0} images with {1}?', String(count), name);
  const detail =
    price === undefined
      ? vscode.l10n.t('Price unknown: the model list gives no price per image for {0}. The gateway charges its own price.', name)
      : vscode.l10n.t('Price: {0} ({1} × {2} per image).', formatCost(price), String(count), formatCost(model!.unitPrice!.amount));
  return { message, detail, action: count === 1 ? vscode.l10n.t('Generate Image') : vscode.l10n.t('Generate Images'), ...(price !== undefined ? { price } : {}) };
}

export function videoQuestion(modelId: string, model: Priced, duration: number | undefined, resolution?: string): SpendQuestion {
  const name = model?.name || modelId;
  const price = estimateVideoCost(model?.unitPrice, duration);
  const message = duration
    ? resolution
      ? vscode.l10n.t('Generate a {0}-second {1} video with {2}?', String(duration), resolution, name)
      : vscode.l10n.t('Generate a {0}-second video with {1}?', String(duration), name)
    : vscode.l10n.t('Generate a video with {0}?', name);
  let detail: string;
  if (price !== undefined) detail = vscode.l10n.t('Price: {0} ({1} s × {2} per second).', formatCost(price), String(duration), formatCost(model!.unitPrice!.amount));
  else if (model?.unitPrice?.unit === 'second') detail = vscode.l10n.t('Price unknown: the model chooses the length. It charges {0} per second.', formatCost(model.unitPrice.amount));
  else detail = vscode.l10n.t('Price unknown: the model list gives no price per second for {0}. The gateway charges its own price.', name);
  return { message, detail, action: vscode.l10n.t('Generate Video'), ...(price !== undefined ? { price } : {}) };
}

/** The confirm step as a modal dialog: works from the command palette, the chat view and VS Code's chat alike. */
export async function confirmSpend(q: SpendQuestion): Promise<boolean> {
  const go: vscode.MessageItem = { title: q.action };
  const picked = await vscode.window.showInformationMessage(q.message, { modal: true, detail: q.detail }, go);
  return picked === go;
}
