import * as vscode from 'vscode';
import { Disposable } from '../platform/lifecycle';
import { Commands, NativeChatIds } from '../platform/ids';
import type { Services } from '../platform/services';
import { PARTICIPANT_COMMANDS } from '../core/nativeChat/participant';
import type { ParticipantStream, TokenHubChatParticipant } from './chatParticipant';
import { TokenHubLanguageModelProvider, VENDOR } from './languageModelProvider';
import { chatParticipantApi, languageModelProviderApi } from './lmApi';
import type * as ParticipantCodeModule from './chatParticipant';

type ParticipantCode = typeof ParticipantCodeModule;
let participantCode: ParticipantCode | undefined;

/** Loaded on the first @tokenhub request, not at activation (a bundle of its own: esbuild.mjs). */
function loadParticipant(): ParticipantCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (participantCode ??= require('./chatParticipant') as ParticipantCode);
}

type MediaHandler = (prompt: string, stream: ParticipantStream, token: vscode.CancellationToken) => Promise<void>;

/**
 * TokenHub inside VS Code's own chat: the catalogue's chat models as language models (vendor
 * `tokenhub`, VS Code 1.104+) and the `@tokenhub` participant. Both are feature-detected: on a
 * VS Code without the API nothing registers, and nothing is logged as a warning.
 */
export class NativeChatFeature extends Disposable {
  /** Set when the running VS Code has the provider API (1.104+). */
  readonly provider: TokenHubLanguageModelProvider | undefined;
  private registered = false;
  private made: TokenHubChatParticipant | undefined;
  readonly vendor = VENDOR;
  readonly participantId = NativeChatIds.participant;
  readonly commands = PARTICIPANT_COMMANDS;

  constructor(protected readonly services: Services) {
    super();
    // The management command exists on every version (it is contributed and listed in ids.ts).
    this._register(vscode.commands.registerCommand(Commands.manageLanguageModels, () => vscode.commands.executeCommand(Commands.setApiKey)));

    const register = languageModelProviderApi();
    if (register) {
      const provider = this._register(new TokenHubLanguageModelProvider(services));
      try {
        this._register(register(VENDOR, provider));
        this.provider = provider;
      } catch (e) {
        // A host that has the function but refuses the vendor (an older manifest schema): no models, no failure.
        services.log.info(`nativeChat: language model provider not registered: ${e instanceof Error ? e.message : String(e)}`);
      }
    } else {
      services.log.debug(`nativeChat: VS Code ${vscode.version} has no language model provider API`);
    }

    const create = chatParticipantApi();
    if (create) {
      try {
        const registration = this._register(create(NativeChatIds.participant, (request, context, stream, token) => this.chatParticipant().handle(request, context, stream, token)));
        registration.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'icon.png');
        registration.followupProvider = { provideFollowups: (result) => this.chatParticipant().provideFollowups(result) };
        this.registered = true;
      } catch (e) {
        services.log.info(`nativeChat: chat participant not registered: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Set when `vscode.chat.createChatParticipant` exists (the participant is made on first use). */
  get participant(): TokenHubChatParticipant | undefined {
    return this.registered ? this.chatParticipant() : undefined;
  }

  private chatParticipant(): TokenHubChatParticipant {
    return (this.made ??= new (loadParticipant().TokenHubChatParticipant)(this.services, new (loadParticipant().CodePreparation)(this.services), () => this.mediaHandlers()));
  }

  /** `/image` and `/video`: the slash commands other features registered (media), their files offered as buttons. */
  private mediaHandlers(): ReadonlyMap<string, MediaHandler> {
    const handlers = new Map<string, MediaHandler>();
    for (const [name, handler] of this.services.chat.slashCommands) {
      handlers.set(name, async (prompt, stream, token) => {
        const result = await handler.run(prompt, (text) => stream.progress(text), token);
        stream.markdown(result.markdown);
        for (const uri of result.files ?? []) stream.button({ command: 'vscode.open', title: vscode.l10n.t('Open {0}', uri.path.split('/').pop() ?? ''), arguments: [uri] });
      });
    }
    return handlers;
  }
}
