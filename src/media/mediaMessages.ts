import * as vscode from 'vscode';
import { isMediaError } from '../core/media/errors';
import type { MediaError } from '../core/media/errors';
import { isTokenHubError } from '../core/client/errors';

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
  if (isTokenHubError(e)) {
    // The gateway's own words say most (wrong model, content policy); the kind says the rest.
    return e.gatewayMessage ? vscode.l10n.t('TokenHub: {0}', e.gatewayMessage) : vscode.l10n.t('TokenHub request failed ({0}).', e.kind);
  }
  if (e instanceof vscode.FileSystemError) return vscode.l10n.t('Could not write the file: {0}', e.message);
  return vscode.l10n.t('Generation failed: {0}', e instanceof Error ? e.message : String(e));
}
