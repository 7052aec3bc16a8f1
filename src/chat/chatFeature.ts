import type * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Services } from '../common/services';

/** Something attached to a chat message (shown as a removable chip). */
export type ChatAttachment =
  | { kind: 'selection'; uri: string; languageId: string; range: { startLine: number; endLine: number }; text: string }
  | { kind: 'file'; uri: string; languageId: string; text: string }
  | { kind: 'image'; name: string; mimeType: string; dataUri: string };

export interface ChatSendRequest {
  /** What the user sees as their message. */
  text: string;
  /** The full prompt sent to the model when it differs from `text` (e.g. built by Explain). */
  prompt?: string;
  attachments?: ChatAttachment[];
  /** A model for this conversation; default: the current chat model. */
  model?: string;
  /** Start a new conversation first. */
  newConversation?: boolean;
}

/** A `/name args` handler offered in the chat composer (e.g. `/image` from the media feature). */
export interface SlashCommandHandler {
  description: string;
  /** Returns markdown shown as the assistant's answer; may stream progress through `progress`. */
  run(args: string, progress: (markdown: string) => void, token: vscode.CancellationToken): Promise<string>;
}

// PLACEHOLDER (issue 5): the sidebar chat.
export class ChatFeature extends Disposable {
  constructor(protected readonly services: Services) {
    super();
  }

  /** Reveals the chat view and sends a message in it (used by Explain and by the native chat). */
  async send(_request: ChatSendRequest): Promise<void> {}

  registerSlashCommand(_name: string, _handler: SlashCommandHandler): vscode.Disposable {
    return { dispose() {} };
  }
}
