import * as vscode from 'vscode';
import { DEFAULT_PROFILE_ID } from '../core/profiles/modelRef';
import type { ModelService } from '../platform/modelService';
import type { ModelInfo } from '../core/catalogue/types';
import { formatCost } from '../core/media/records';
import { IMAGE_COUNTS, IMAGE_SIZES, VIDEO_ASPECT_RATIOS, VIDEO_DURATIONS, VIDEO_RESOLUTIONS, isValidImageSize } from '../core/media/requests';
import { DEFAULT_IMAGE_MODEL, DEFAULT_VIDEO_MODEL } from './mediaParams';
import type { ImageParams, VideoParams } from './mediaParams';
import { escapeIcons } from '../core/iconText';

// The questions the two commands ask when they are run without a prompt. Each one dismissed
// (Escape) ends the whole dialog with undefined: nothing is generated.

export async function askImageParams(models: ModelService): Promise<ImageParams | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate Image'),
    prompt: vscode.l10n.t('Describe the image'),
    placeHolder: vscode.l10n.t('A serene mountain landscape at sunset'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Write a prompt.')),
  });
  if (!prompt?.trim()) return undefined;
  const model = await pickModel(models, 'image');
  if (!model) return undefined;
  const size = await pickValue(vscode.l10n.t('Image size'), [...IMAGE_SIZES], true);
  if (!size) return undefined;
  const n = await pickValue(vscode.l10n.t('How many images'), IMAGE_COUNTS.map(String), false);
  if (!n) return undefined;
  return { prompt, model, size, n: Number(n) };
}

export async function askVideoParams(models: ModelService): Promise<VideoParams | undefined> {
  const prompt = await vscode.window.showInputBox({
    title: vscode.l10n.t('Generate Video'),
    prompt: vscode.l10n.t('Describe the video'),
    placeHolder: vscode.l10n.t('A golden retriever running on a sunny beach'),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Write a prompt.')),
  });
  if (!prompt?.trim()) return undefined;
  const model = await pickModel(models, 'video');
  if (!model) return undefined;
  const duration = await pickValue(vscode.l10n.t('Duration (seconds)'), VIDEO_DURATIONS.map(String), false);
  if (!duration) return undefined;
  const resolution = await pickValue(vscode.l10n.t('Resolution'), [...VIDEO_RESOLUTIONS], false);
  if (!resolution) return undefined;
  const aspectRatio = await pickValue(vscode.l10n.t('Aspect ratio'), [...VIDEO_ASPECT_RATIOS], false);
  if (!aspectRatio) return undefined;
  const firstFrame = await pickFrame(vscode.l10n.t('First frame (optional)'));
  if (firstFrame === undefined) return undefined;
  // Seedance takes a last frame only together with a first one.
  const lastFrame = firstFrame ? await pickFrame(vscode.l10n.t('Last frame (optional)')) : null;
  if (lastFrame === undefined) return undefined;
  return { prompt, model, duration: Number(duration), resolution, aspectRatio, firstFrame: firstFrame ?? undefined, lastFrame: lastFrame ?? undefined };
}

async function pickModel(service: ModelService, kind: 'image' | 'video'): Promise<string | undefined> {
  // Images and videos are made through the default profile (TokenHub): its models only.
  let models = service.modelsOfKind(kind, DEFAULT_PROFILE_ID);
  if (!models.length) {
    await service.refresh(false, DEFAULT_PROFILE_ID).catch(() => undefined);
    models = service.modelsOfKind(kind, DEFAULT_PROFILE_ID);
  }
  const current = service.currentId(kind) || (kind === 'image' ? DEFAULT_IMAGE_MODEL : DEFAULT_VIDEO_MODEL);
  type Item = vscode.QuickPickItem & { id?: string };
  const price = (m: ModelInfo) => {
    // Said as unknown, never left out (nor shown as $0): the confirm step says so too.
    if (!m.unitPrice) return vscode.l10n.t('Price: not listed');
    const c = formatCost(m.unitPrice.amount);
    return m.unitPrice.unit === 'image' ? vscode.l10n.t('{0} per image', c ?? '') : vscode.l10n.t('{0} per second', c ?? '');
  };
  const items: Item[] = models.map((m) => ({ label: escapeIcons(m.name || m.id), description: [escapeIcons(m.id), m.id === current ? vscode.l10n.t('current') : undefined].filter(Boolean).join(' · '), detail: price(m), id: m.id }));
  if (!models.some((m) => m.id === current)) items.unshift({ label: escapeIcons(current), description: vscode.l10n.t('current'), id: current });
  items.sort((a, b) => Number(b.id === current) - Number(a.id === current));
  const other: Item = { label: vscode.l10n.t('$(edit) Other model id…') };
  const picked = await vscode.window.showQuickPick([...items, other], {
    title: kind === 'image' ? vscode.l10n.t('Image model') : vscode.l10n.t('Video model'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  if (picked.id) return picked.id;
  const typed = await vscode.window.showInputBox({ title: vscode.l10n.t('Model id'), value: current, ignoreFocusOut: true });
  return typed?.trim() || undefined;
}

/** A quick pick of fixed values; `allowCustom` adds an item that asks for a typed size. */
async function pickValue(title: string, values: string[], allowCustom: boolean): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { value?: string };
  const items: Item[] = values.map((v) => ({ label: v, value: v }));
  if (allowCustom) items.push({ label: vscode.l10n.t('$(edit) Custom size…') });
  const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.value) return picked.value;
  const typed = await vscode.window.showInputBox({
    title,
    placeHolder: '1024x1024',
    ignoreFocusOut: true,
    validateInput: (v) => (isValidImageSize(v) ? undefined : vscode.l10n.t('Write a size such as 1024x1024 or 2K.')),
  });
  return typed?.trim() || undefined;
}

/** A workspace image, or null for "none"; undefined when the picker was dismissed. */
async function pickFrame(title: string): Promise<vscode.Uri | null | undefined> {
  const found = await vscode.workspace.findFiles('**/*.{png,jpg,jpeg,webp}', '**/{node_modules,.git}/**', 500);
  type Item = vscode.QuickPickItem & { uri: vscode.Uri | null };
  const items: Item[] = [
    { label: vscode.l10n.t('$(circle-slash) None'), uri: null },
    ...found.map((uri) => ({ label: `$(file-media) ${uri.path.split('/').pop()}`, description: vscode.workspace.asRelativePath(uri), uri })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick an image from the workspace'), matchOnDescription: true, ignoreFocusOut: true });
  return picked ? picked.uri : undefined;
}
