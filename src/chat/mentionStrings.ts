import * as vscode from 'vscode';
import type { MentionUiStringKey } from '../core/protocol/uiStrings';

/** @-mentions' strings in the chat view: the picker, the context chips, the prompt's size and cost. */
export function mentionUiStrings(): Record<MentionUiStringKey, string> {
  return {
    mentionPicker: vscode.l10n.t('Context to mention'),
    mentionNoMatch: vscode.l10n.t('Nothing matches.'),
    mentionSecret: vscode.l10n.t('may hold secrets: asks before it is attached'),
    openContext: vscode.l10n.t('Open {0}'),
    chipTokens: vscode.l10n.t('about {0} tokens'),
    contextTruncated: vscode.l10n.t('cut at the size limit'),
    contextReread: vscode.l10n.t('re-read'),
    contextRereadTitle: vscode.l10n.t('It changed since the message was first sent, so it was read again for this answer.'),
    promptSize: vscode.l10n.t('≈ {0} tokens'),
    promptCost: vscode.l10n.t('≈ {0} to send'),
    priceUnknown: vscode.l10n.t('price unknown'),
    promptTooLarge: vscode.l10n.t('Too large for {0}: ≈ {1} tokens, and it takes {2} (with room for the answer).'),
    promptLargest: vscode.l10n.t('Largest: {0}'),
    dropContext: vscode.l10n.t('Drop files or folders to add them as context'),
  };
}
