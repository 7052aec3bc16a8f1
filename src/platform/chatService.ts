import * as vscode from 'vscode';
import type { Attachment } from '../core/conversation/parts';
import { Disposable, toDisposable } from './lifecycle';

/** A message for the sidebar chat, sent by another feature (Explain, Ask, VS Code's own chat). */
export interface ChatSendRequest {
  /** What the user sees as their message. */
  text: string;
  /** The full prompt sent to the model when it differs from `text` (e.g. built by Explain). */
  prompt?: string;
  attachments?: Attachment[];
  /** A model for this conversation; default: the current chat model. */
  model?: string;
  /**
   * Start a new conversation first; `unlessSameFile`: only when the open one is not about `file`
   * (the chat then says it started a new one).
   */
  newConversation?: boolean | 'unlessSameFile';
  /** The file the message is about (Explain, Ask): a later question about it can join this conversation. */
  file?: string;
}

/** What a slash command answers: markdown for the chat, and the files it made (offered as buttons). */
export interface SlashCommandResult {
  markdown: string;
  files?: readonly vscode.Uri[];
}

/** A `/name args` handler offered in the chat composer and by `@tokenhub` (e.g. `/image` from media). */
export interface SlashCommandHandler {
  description: string;
  /** May stream progress (markdown) through `progress`; resolves with the answer. */
  run(args: string, progress: (markdown: string) => void, token: vscode.CancellationToken): Promise<SlashCommandResult>;
}

/**
 * What features ask of the sidebar chat without knowing it: sending a message there, and the
 * slash commands any feature may add. The chat feature binds the sender; media registers `/image`
 * and `/video`; the code commands and VS Code's chat send or list through this service, so no
 * feature imports another.
 */
export class ChatService extends Disposable {
  private sender: ((request: ChatSendRequest) => Promise<void>) | undefined;
  private readonly slash = new Map<string, SlashCommandHandler>();
  private readonly _onDidChangeSlashCommands = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeSlashCommands = this._onDidChangeSlashCommands.event;

  /** The chat feature's own send; one at a time. */
  bindSender(send: (request: ChatSendRequest) => Promise<void>): vscode.Disposable {
    this.sender = send;
    return toDisposable(() => {
      if (this.sender === send) this.sender = undefined;
    });
  }

  /** Reveals the chat and sends a message there; resolves when the answer has ended. */
  async send(request: ChatSendRequest): Promise<void> {
    if (!this.sender) throw new Error('The TokenHub chat is not available.');
    await this.sender(request);
  }

  registerSlashCommand(name: string, handler: SlashCommandHandler): vscode.Disposable {
    const key = name.replace(/^\//, '');
    this.slash.set(key, handler);
    this._onDidChangeSlashCommands.fire();
    return toDisposable(() => {
      if (this.slash.get(key) === handler) {
        this.slash.delete(key);
        this._onDidChangeSlashCommands.fire();
      }
    });
  }

  get slashCommands(): ReadonlyMap<string, SlashCommandHandler> {
    return this.slash;
  }
}
