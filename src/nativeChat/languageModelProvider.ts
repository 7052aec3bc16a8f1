import * as vscode from 'vscode';
import type { ChatRequest } from '../core/api/types';
import type { ModelInfo } from '../core/catalogue/types';
import { chatModelsForLm, toLmModelShape } from '../core/nativeChat/modelInformation';
import { DEFAULT_PROFILE_ID, parseModelRef } from '../core/profiles/modelRef';
import { Commands, NativeChatIds } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import { formatModelDetail, formatModelTooltip } from './format';
import type {
  LanguageModelChatInformation,
  LanguageModelChatProvider,
  LanguageModelChatRequestMessage,
  LanguageModelResponsePart,
  ProvideLanguageModelChatResponseOptions,
} from './lmApi';
import type * as MessagesCodeModule from '../core/nativeChat/messages';

type MessagesCode = typeof MessagesCodeModule;
let lmMessagesModule: MessagesCode | undefined;

/** Loaded with the first request of the native chat, not at activation (a bundle of its own: esbuild.mjs). */
function lmMessages(): MessagesCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (lmMessagesModule ??= require('../core/nativeChat/messages') as MessagesCode);
}

export const VENDOR = NativeChatIds.vendor;

/**
 * Every chat model of the catalogue as a model of VS Code's own chat (1.104+). Answers go through
 * the one client, so the key, proxy, timeouts and retries are the same as everywhere else, and each
 * answer's tokens and cost land in the usage ledger.
 */
export class TokenHubLanguageModelProvider extends Disposable implements LanguageModelChatProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeLanguageModelChatInformation = this._onDidChange.event;

  constructor(private readonly services: Services) {
    super();
    // New catalogue or a key set/cleared: VS Code asks again for the list.
    this._register(services.models.onDidChangeModels(() => this._onDidChange.fire()));
    this._register(services.profiles.onDidChange(() => this._onDidChange.fire()));
    this._register(services.keys.onDidChange(() => this._onDidChange.fire()));
  }

  /**
   * The models as VS Code gets them (also what the tests compare with the catalogue). Each id is
   * the model's reference string (`lmModelId`), unique across profiles; with several profiles the
   * name says whose model it is.
   */
  informationFor(models: readonly ModelInfo[]): LanguageModelChatInformation[] {
    const profiles = this.services.profiles;
    return chatModelsForLm(models).map((m) => {
      const profile = m.profile ?? DEFAULT_PROFILE_ID;
      const where = profiles.several ? profiles.nameOf(profile) : undefined;
      const shape = toLmModelShape(m);
      return {
        ...shape,
        name: where && profile !== DEFAULT_PROFILE_ID ? vscode.l10n.t('{0} ({1})', shape.name, where) : shape.name,
        tooltip: formatModelTooltip(m, profile === DEFAULT_PROFILE_ID ? undefined : profiles.nameOf(profile)),
        detail: formatModelDetail(m, where),
      };
    });
  }

  /** The profiles whose models can answer: those with a key for their host, or that need none. */
  private async usableProfiles(): Promise<Set<string>> {
    const usable = new Set<string>();
    for (const p of this.services.profiles.all) if (p.keyless || (await this.services.keys.get(p.id))) usable.add(p.id);
    return usable;
  }

  async provideLanguageModelChatInformation(options: { readonly silent: boolean }, _token: vscode.CancellationToken): Promise<LanguageModelChatInformation[]> {
    let usable = await this.usableProfiles();
    if (!usable.size && !options.silent) {
      // VS Code asked on behalf of the user (the model manager): let them set the key now.
      await vscode.commands.executeCommand(Commands.setApiKey);
      usable = await this.usableProfiles();
    }
    // Without a key no model could answer: offer none rather than models that all fail.
    if (!usable.size) return [];
    if (this.services.models.models.length === 0) {
      try {
        await this.services.models.refresh();
      } catch (e) {
        this.services.log.warn(`nativeChat: catalogue refresh failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return this.informationFor(this.services.models.models.filter((m) => usable.has(m.profile ?? DEFAULT_PROFILE_ID)));
  }

  async provideLanguageModelChatResponse(
    model: LanguageModelChatInformation,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const { pickModelOptions, toChatMessages, toResponsePieces, toToolChoice, toToolDefinitions } = lmMessages();
    const tools = toToolDefinitions(options.tools);
    // The id is the model's reference: it names the profile to ask.
    const ref = parseModelRef(model.id) ?? { profile: DEFAULT_PROFILE_ID, model: model.id };
    const request: ChatRequest = {
      model: ref.model,
      messages: toChatMessages(messages),
      ...pickModelOptions(options.modelOptions),
    };
    if (tools) {
      request.tools = tools;
      request.tool_choice = toToolChoice(options.toolMode, options.tools);
    }
    const result = await this.services.turns.run(request, {
      source: 'nativeChat',
      profile: ref.profile,
      token,
      sink: {
        text: (text) => progress.report(new vscode.LanguageModelTextPart(text)),
        toolCalls: (calls) => {
          for (const piece of toResponsePieces({ type: 'toolCalls', calls })) {
            if (piece.kind === 'toolCall') progress.report(new vscode.LanguageModelToolCallPart(piece.callId, piece.name, piece.input));
          }
        },
      },
    });
    // A cancelled request ends quietly: VS Code already knows, and the stream just stops.
    // A failure is shown in VS Code's chat: the same words and next step as everywhere else.
    if (result.status === 'error') throw new Error(result.problem?.message ?? result.error?.message);
  }

  async provideTokenCount(_model: LanguageModelChatInformation, text: string | LanguageModelChatRequestMessage, _token: vscode.CancellationToken): Promise<number> {
    return lmMessages().estimateLmTokens(text);
  }
}
