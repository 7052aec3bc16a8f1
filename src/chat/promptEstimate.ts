import * as vscode from 'vscode';
import type { Conversation } from '../core/conversation/conversation';
import { addUserMessage } from '../core/conversation/conversation';
import type { ContextItem } from '../core/conversation/parts';
import { attachmentLabel, attachmentText, attachmentToPart } from '../core/conversation/parts';
import { buildChatRequest, effectiveMaxTokens } from '../core/conversation/wire';
import { DEFAULT_CONTEXT_WINDOW, estimateMessagesTokens, estimateTokens, IMAGE_TOKENS } from '../core/edits/budget';
import type { FitResult, SizedItem } from '../core/mentions/contextFit';
import { checkCost, checkFit } from '../core/mentions/contextFit';
import { formatCost, formatPricePerMillion, formatTokens } from '../core/pricing';
import type { PendingAttachment, PromptEstimate } from '../core/protocol/chatProtocol';
import type { AskParams, AskResult } from '../core/protocol/hostRequests';
import { Settings } from '../platform/ids';
import type { Services } from '../platform/services';

/** A pending attachment or mention as the composer shows it: a chip with its size. */
export function pendingChip(id: string, item: ContextItem): PendingAttachment {
  if ('type' in item) {
    return { id, kind: item.kind, label: item.label, tokens: item.tokens, openable: true, ...(item.truncated ? { truncated: true } : {}) };
  }
  if (item.kind === 'image') return { id, kind: 'image', label: item.name, thumbnail: item.dataUri, tokens: IMAGE_TOKENS };
  const part = attachmentToPart(item);
  return { id, kind: item.kind, label: attachmentLabel(item), tokens: part.type === 'attachment' ? estimateTokens(attachmentText(part)) : 0, openable: true };
}

function sized(item: ContextItem): SizedItem {
  const chip = pendingChip('', item);
  return { label: chip.label, tokens: chip.tokens ?? 0 };
}

/** Why a message is not sent: too large for the model, or its cost was declined (no reason then). */
export type SendVerdict = { send: true } | { send: false; reason: string };

/**
 * The size and input cost of the next prompt: the whole request as it would go (system prompt,
 * the conversation, the pending context and the words), estimated as the rest of the extension
 * estimates tokens. The composer gets the part without the words and adds those as they are typed.
 */
export class PromptEstimator {
  constructor(private readonly services: Services) {}

  private model(conv: Conversation): { id: string; name: string; contextWindow?: number; inputPrice?: number; reservedOutput: number } {
    const id = conv.model || this.services.models.currentId('chat');
    const info = this.services.models.find(id);
    const reservedOutput = effectiveMaxTokens(this.services.settings.get<number | null>(Settings.maxTokens, null), info?.maxOutputTokens);
    return { id, name: info?.name ?? id, contextWindow: info?.contextWindow, inputPrice: info?.inputPrice, reservedOutput };
  }

  /** Tokens of the request that would be sent with `text` and `context` as the next message. */
  promptTokens(conv: Conversation, text: string, context: readonly ContextItem[]): number {
    const draft: Conversation = { ...conv, messages: [...conv.messages] };
    addUserMessage(draft, text, context);
    const request = buildChatRequest(draft, { systemPrompt: this.services.settings.get<string>(Settings.systemPrompt, '') });
    return estimateMessagesTokens(request.messages);
  }

  estimate(conv: Conversation, context: readonly ContextItem[]): PromptEstimate {
    const m = this.model(conv);
    const estimate: PromptEstimate = {
      baseTokens: this.promptTokens(conv, '', context),
      modelName: m.name,
      contextWindow: m.contextWindow && m.contextWindow > 0 ? m.contextWindow : DEFAULT_CONTEXT_WINDOW,
      assumedWindow: !(m.contextWindow && m.contextWindow > 0),
      reservedOutput: m.reservedOutput,
      showAbove: Math.max(0, this.services.settings.get<number>(Settings.showPromptSizeAbove, 2000)),
    };
    if (m.inputPrice !== undefined) estimate.inputPrice = m.inputPrice;
    return estimate;
  }

  /** Whether the message fits the model's window (with the answer's room kept). */
  fit(conv: Conversation, text: string, context: readonly ContextItem[]): { fit: FitResult; tokens: number } {
    const m = this.model(conv);
    const tokens = this.promptTokens(conv, text, context);
    return { fit: checkFit({ promptTokens: tokens, contextWindow: m.contextWindow, reservedOutput: m.reservedOutput, items: context.map(sized) }), tokens };
  }

  /**
   * The checks before a message from the composer goes: it must fit the model, and a known input
   * cost above `tokenhub.chat.confirmPromptCostAbove` is confirmed by the user on a card.
   */
  async checkSend(conv: Conversation, text: string, context: readonly ContextItem[], ask: (params: AskParams) => Promise<AskResult>): Promise<SendVerdict> {
    const m = this.model(conv);
    const { fit, tokens } = this.fit(conv, text, context);
    if (!fit.fits) {
      const biggest = fit.biggest.map((i) => vscode.l10n.t('{0} (about {1} tokens)', i.label, formatTokens(i.tokens))).join(', ');
      const reason = biggest
        ? vscode.l10n.t('Too large for {0}: about {1} tokens, and it takes {2} (with room for the answer). Remove some context; the largest: {3}.', m.name, formatTokens(fit.promptTokens), formatTokens(fit.limit), biggest)
        : vscode.l10n.t('Too large for {0}: about {1} tokens, and it takes {2} (with room for the answer). Start a new chat, or choose a model with a larger context window.', m.name, formatTokens(fit.promptTokens), formatTokens(fit.limit));
      return { send: false, reason };
    }
    const cost = checkCost(tokens, m.inputPrice, this.services.settings.get<number>(Settings.confirmPromptCostAbove, 0.5));
    if (!cost.ask) return { send: true };
    const answer = await ask({
      title: vscode.l10n.t('Send this message for about {0}?', formatCost(cost.cost)),
      body: vscode.l10n.t(
        'Its input is about {0} tokens to {1} at {2}, more than the {3} set in tokenhub.chat.confirmPromptCostAbove. The answer costs more on top.',
        formatTokens(tokens),
        m.name,
        formatPricePerMillion(m.inputPrice ?? 0),
        formatCost(this.services.settings.get<number>(Settings.confirmPromptCostAbove, 0.5)),
      ),
      buttons: [
        { id: 'send', label: vscode.l10n.t('Send'), primary: true },
        { id: 'cancel', label: vscode.l10n.t('Cancel') },
      ],
    }).catch(() => ({ choice: 'cancel' }));
    return answer.choice === 'send' ? { send: true } : { send: false, reason: '' };
  }
}
