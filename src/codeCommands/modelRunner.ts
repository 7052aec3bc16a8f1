import * as vscode from 'vscode';
import { Commands } from '../platform/ids';
import type { Services } from '../platform/services';
import type { ChatMessage } from '../core/api/types';
import type { Budget } from '../core/edits/budget';
import { showRequestError } from './requestErrors';
import { parseModelRef } from '../core/profiles/modelRef';
import type { ModelRef } from '../core/profiles/modelRef';

export interface StreamResult {
  text: string;
  finishReason?: string;
  cancelled: boolean;
}

/**
 * The code commands' side of the one client: which model, the message when the prompt does not
 * fit it, the streamed request (cancellable at once), the usage record and the error message.
 */
export class CodeModelRunner {
  constructor(private readonly services: Services) {}

  /**
   * The code model with its profile (setting `tokenhub.codeModel`; empty: the chat model). An
   * override is a reference string: `openai/gpt-4.1` (the default profile's), `tokenhot|gpt-5`.
   */
  modelRef(override?: string): ModelRef {
    return parseModelRef(override) ?? this.services.models.currentRef('code');
  }

  /** Why the selection was refused (see CodePreparation.fit), with a way to another code model. */
  tellTooLarge(model: string, b: Extract<Budget, { fits: false }>): void {
    const window = b.assumedWindow ? vscode.l10n.t('{0} tokens (assumed; the catalogue does not list this model\'s window)', b.contextWindow) : vscode.l10n.t('{0} tokens', b.contextWindow);
    const message =
      b.reason === 'output'
        ? vscode.l10n.t('The selection is too large: the answer would need about {0} tokens, more than {1} can write in one reply ({2} tokens). Select less code, or choose another code model.', b.neededTokens, model, b.maxOutputTokens)
        : vscode.l10n.t('The selection is too large for {0}: the prompt and its answer need about {1} tokens, and the model\'s context window is {2}. Select less code, or choose a code model with a larger context window.', model, b.neededTokens, window);
    const choose = vscode.l10n.t('Choose Code Model');
    void vscode.window.showWarningMessage(message, choose).then((c) => {
      if (c === choose) void vscode.commands.executeCommand(Commands.selectCodeModel);
    });
  }

  /**
   * Streams the answer, calling `onText` with the whole text so far. Cancelling `token` aborts the
   * request at once (the socket is closed). Errors other than cancellation are shown to the user.
   */
  async stream(request: { model: string; profile?: string; messages: ChatMessage[]; maxTokens?: number }, token: vscode.CancellationToken, onText: (text: string) => void): Promise<StreamResult | { error: unknown }> {
    let text = '';
    const result = await this.services.turns.run(
      { model: request.model, messages: request.messages, ...(request.maxTokens ? { max_tokens: request.maxTokens } : {}) },
      {
        source: 'code',
        profile: request.profile,
        token,
        sink: {
          text: (delta) => {
            text += delta;
            onText(text);
          },
        },
      },
    );
    if (result.status === 'error') {
      showRequestError(result.error, this.services.profiles.errorGateway(request.profile));
      return { error: result.error };
    }
    return { text: result.text, finishReason: result.finishReason, cancelled: result.status === 'cancelled' };
  }
}
