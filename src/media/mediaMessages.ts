import * as vscode from 'vscode';
import { shortLabel } from '../core/shorten';
import { isMediaError } from '../core/media/errors';
import type { MediaError } from '../core/media/errors';
import { isTokenHubError } from '../core/client/errors';
import { describeError, showError } from '../platform/errorMessages';

/** A prompt cut to fit a notification's title or message. */
export function shortPrompt(prompt: string, max = 40): string {
  return shortLabel(prompt, max);
}

function mediaMessage(e: MediaError, timeoutMinutes: number): string {
  switch (e.kind) {
    case 'failed':
      return e.detail ? vscode.l10n.t('The gateway could not generate the video: {0}', e.detail) : vscode.l10n.t('The gateway could not generate the video.');
    case 'timeout':
      return vscode.l10n.t('The video was not ready after {0} minutes, so TokenHub stopped waiting. You can raise the limit in the setting "tokenhub.media.videoTimeoutMinutes".', timeoutMinutes);
    case 'cancelled':
      return vscode.l10n.t('Cancelled.');
    case 'noResult':
      return vscode.l10n.t('The gateway answered without a result to save.');
    case 'truncated':
      return vscode.l10n.t('The download broke off before the end. Nothing was saved; try again.');
    case 'tooLarge':
      return vscode.l10n.t('The file is too large.');
    case 'notVideo':
      return vscode.l10n.t('The downloaded file is not a playable MP4 video. Nothing was saved.');
    case 'notImage':
      return vscode.l10n.t('The gateway sent something that is not an image. Nothing was saved.');
    case 'badInput':
      return vscode.l10n.t('The request is incomplete: {0}', e.message);
  }
}

/** One sentence for the user: what went wrong with a generation. */
export function describeMediaFailure(e: unknown, timeoutMinutes: number): string {
  if (isMediaError(e)) return mediaMessage(e, timeoutMinutes);
  if (isTokenHubError(e)) return describeError(e).message;
  if (e instanceof vscode.FileSystemError) return vscode.l10n.t('Could not write the file: {0}', e.message);
  return vscode.l10n.t('Generation failed: {0}', e instanceof Error ? e.message : String(e));
}

/** Shows the failure; a client error gets the shared message with its buttons (Set API Key...). */
export function showMediaFailure(e: unknown, timeoutMinutes: number): void {
  if (isTokenHubError(e)) void showError(e);
  else void vscode.window.showErrorMessage(describeMediaFailure(e, timeoutMinutes));
}
