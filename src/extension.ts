import type * as vscode from 'vscode';
import { AgentFeature } from './agent/agentFeature';
import { AuthFeature } from './auth/authFeature';
import { ChatFeature } from './chat/chatFeature';
import { CodeCommandsFeature } from './codeCommands/codeCommandsFeature';
import { CompletionsFeature } from './completions/completionsFeature';
import { Services } from './platform/services';
import { MediaFeature } from './media/mediaFeature';
import { ModelsFeature } from './models/modelsFeature';
import { NativeChatFeature } from './nativeChat/nativeChatFeature';
import { UsageFeature } from './usage/usageFeature';

// A table of contents: the shared services, then each feature. Every one is a Disposable that owns
// what it registers. The returned object is the extension's API (integration tests read it).
export function activate(context: vscode.ExtensionContext) {
  const services = new Services(context);
  const auth = new AuthFeature(services);
  const models = new ModelsFeature(services);
  const chat = new ChatFeature(services);
  const agent = new AgentFeature(services);
  const code = new CodeCommandsFeature(services);
  const completions = new CompletionsFeature(services);
  const media = new MediaFeature(services);
  const nativeChat = new NativeChatFeature(services);
  const usage = new UsageFeature(services);
  context.subscriptions.push(services, auth, models, chat, agent, code, completions, media, nativeChat, usage);
  return { services, auth, models, chat, agent, code, completions, media, nativeChat, usage };
}

export type TokenHubExtensionApi = ReturnType<typeof activate>;

export function deactivate(): void {}
