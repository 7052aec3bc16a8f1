import * as vscode from 'vscode';

// Our engine is ^1.100 and so is @types/vscode, which does not declare the language-model chat
// provider API (finalised in VS Code 1.104). These are the few shapes we use, written from the
// published API, and the runtime checks that decide whether it exists. Nothing here augments the
// `vscode` module, so the day @types/vscode is raised nothing clashes.

/** `LanguageModelChatInformation` (1.104+). */
export interface LanguageModelChatInformation {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly tooltip?: string;
  readonly detail?: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly imageInput?: boolean; readonly toolCalling?: boolean | number };
}

/** `LanguageModelChatRequestMessage` (1.104+): role 1 user, 2 assistant, 3 system (proposed). */
export interface LanguageModelChatRequestMessage {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
  readonly name: string | undefined;
}

/** `LanguageModelChatTool`. */
export interface LanguageModelChatTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
}

/** `ProvideLanguageModelChatResponseOptions` (1.104+): toolMode 1 auto, 2 required. */
export interface ProvideLanguageModelChatResponseOptions {
  readonly modelOptions?: { readonly [name: string]: unknown };
  readonly tools?: readonly LanguageModelChatTool[];
  readonly toolMode?: number;
}

/** The parts a provider reports: 1.100's typings already have these two classes. */
export type LanguageModelResponsePart = vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart;

/** `LanguageModelChatProvider` (1.104+). */
export interface LanguageModelChatProvider<T extends LanguageModelChatInformation = LanguageModelChatInformation> {
  readonly onDidChangeLanguageModelChatInformation?: vscode.Event<void>;
  provideLanguageModelChatInformation(options: { readonly silent: boolean }, token: vscode.CancellationToken): vscode.ProviderResult<T[]>;
  provideLanguageModelChatResponse(
    model: T,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Thenable<void>;
  provideTokenCount(model: T, text: string | LanguageModelChatRequestMessage, token: vscode.CancellationToken): Thenable<number>;
}

type RegisterProvider = (vendor: string, provider: LanguageModelChatProvider) => vscode.Disposable;

/** `vscode.lm.registerLanguageModelChatProvider` where the running VS Code has it (1.104+), else undefined. */
export function languageModelProviderApi(): RegisterProvider | undefined {
  const lm = (vscode as { lm?: { registerLanguageModelChatProvider?: unknown } }).lm;
  const register = lm?.registerLanguageModelChatProvider;
  return typeof register === 'function' ? (register.bind(lm) as RegisterProvider) : undefined;
}

/** `vscode.chat.createChatParticipant` where it exists (1.90+; checked anyway, as web hosts may lack it). */
export function chatParticipantApi(): typeof vscode.chat.createChatParticipant | undefined {
  const chat = (vscode as { chat?: { createChatParticipant?: unknown } }).chat;
  const create = chat?.createChatParticipant;
  return typeof create === 'function' ? (create.bind(chat) as typeof vscode.chat.createChatParticipant) : undefined;
}
