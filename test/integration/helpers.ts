// Shared helpers for the integration suites (they run inside the real extension host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TokenHubExtensionApi } from '../../src/extension';
import type { UsageLedger, UsageRecord } from '../../src/platform/usageLedger';
import { DEFAULT_BASE_URL, EXTENSION_ID, Settings, StorageKeys } from '../../src/platform/ids';
import { decodeStoredKey } from '../../src/core/profiles/storedKey';
import type { ChatMessage } from '../../src/core/api/types';
import type { AssistantMessage, Conversation } from '../../src/core/conversation/conversation';
import { Simulator } from '../simulator/server';
import type { RecordedRequest } from '../simulator/server';

/** Activates the extension (if needed) and returns its API: what `activate` returned. */
export async function getApi(): Promise<TokenHubExtensionApi> {
  const ext = vscode.extensions.getExtension<TokenHubExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  if (!api || !api.services) throw new Error(`extension ${EXTENSION_ID} activated without returning its API`);
  return api;
}

import { waitFor } from '../host/waitFor';

export { waitFor };

/**
 * Sets a user (global) setting and returns a function that puts the previous user value back.
 * `key` is the full id, e.g. `tokenhub.baseUrl`.
 */
export async function setUserSetting(key: string, value: unknown): Promise<() => Promise<void>> {
  const dot = key.lastIndexOf('.');
  const config = vscode.workspace.getConfiguration(key.slice(0, dot));
  const name = key.slice(dot + 1);
  const previous = config.inspect(name)?.globalValue;
  await config.update(name, value, vscode.ConfigurationTarget.Global);
  // The extension host learns of the change by a separate message: wait until it reads it back.
  await waitFor(
    () => JSON.stringify(vscode.workspace.getConfiguration(key.slice(0, dot)).inspect(name)?.globalValue) === JSON.stringify(value),
    5000,
    `setting ${key} to read back as ${JSON.stringify(value)}`,
  );
  return async () => {
    await vscode.workspace.getConfiguration(key.slice(0, dot)).update(name, previous, vscode.ConfigurationTarget.Global);
  };
}

export interface SimulatorSession {
  readonly sim: Simulator;
  readonly api: TokenHubExtensionApi;
  /** Closes the simulator and restores the base URL setting and the stored key as they were. */
  dispose(): Promise<void>;
}

/**
 * Starts the TokenHub simulator in this extension host, points `tokenhub.baseUrl` (user settings)
 * at it and stores its key through the extension's ApiKeyStore. `dispose()` undoes all three.
 */
export async function startSimulator(options: { apiKey?: string; storeKey?: boolean } = {}): Promise<SimulatorSession> {
  const api = await getApi();
  const sim = await Simulator.start(options.apiKey ? { apiKey: options.apiKey } : {});
  const secrets = api.services.context.secrets;
  const previous = decodeStoredKey(await secrets.get(StorageKeys.apiKeySecret));
  // Where the previous key belongs: keys are bound to the host they were set for.
  const previousBaseUrl = String(vscode.workspace.getConfiguration(Settings.section).inspect(Settings.baseUrl)?.globalValue ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let restoreBaseUrl: (() => Promise<void>) | undefined;
  try {
    restoreBaseUrl = await setUserSetting(`${Settings.section}.${Settings.baseUrl}`, sim.baseUrl);
    await waitFor(() => api.services.settings.baseUrl === sim.baseUrl, 5000, 'the extension to read the simulator base URL');
    if (options.storeKey !== false) await api.services.keys.set(sim.apiKey);
    else await api.services.keys.clear();
  } catch (e) {
    await restoreBaseUrl?.();
    await sim.close();
    throw e;
  }
  let disposed = false;
  return {
    sim,
    api,
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      try {
        if (previous.key) await api.services.keys.set(previous.key, undefined, previous.origin ?? previousBaseUrl);
        else await api.services.keys.clear();
        await restoreBaseUrl?.();
      } finally {
        await sim.close();
      }
    },
  };
}

/**
 * `startSimulator()` as mocha hooks of the enclosing `describe`/`suite`: started before its
 * first test, disposed after its last. Read `.sim` / `.api` inside tests.
 */
export function useSimulator(options: { apiKey?: string; storeKey?: boolean } = {}): { readonly sim: Simulator; readonly api: TokenHubExtensionApi } {
  let session: SimulatorSession | undefined;
  before(async function () {
    this.timeout(30_000);
    session = await startSimulator(options);
  });
  after(async () => {
    await session?.dispose();
    session = undefined;
  });
  return {
    get sim() {
      if (!session) throw new Error('useSimulator(): the simulator is only available inside tests and hooks of its suite');
      return session.sim;
    },
    get api() {
      if (!session) throw new Error('useSimulator(): the API is only available inside tests and hooks of its suite');
      return session.api;
    },
  };
}

/** Runs `fn` with a fresh untitled document shown in an editor, closed afterwards. */
export async function withEditor<T>(content: string, language: string, fn: (editor: vscode.TextEditor) => Promise<T>): Promise<T> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  const editor = await vscode.window.showTextDocument(doc);
  try {
    return await fn(editor);
  } finally {
    await discardAndClose(doc);
  }
}

/**
 * Closes `doc`'s editor without saving. It is shown first: what `fn` did (a diff opened and
 * closed, a view focused) may have left another editor active, and closing that one instead
 * would leave this document dirty, and every later "close all editors" waiting on a save dialog.
 */
async function discardAndClose(doc: vscode.TextDocument): Promise<void> {
  for (let i = 0; i < 3 && !doc.isClosed && (doc.isDirty || isShown(doc)); i++) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

function isShown(doc: vscode.TextDocument): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString()));
}

/** Closes every editor; unsaved documents are reverted first, so no save dialog can hold it up. */
export async function closeAllEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && !doc.isClosed && isShown(doc)) await discardAndClose(doc);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * The usage records made since `before` (a `usage.total.requests` read earlier): the ledger keeps
 * only its latest records, so a position in `records` says nothing once it is full.
 */
export function usageSince(usage: UsageLedger, before: number): readonly UsageRecord[] {
  const made = usage.total.requests - before;
  return made > 0 ? usage.records.slice(-made) : [];
}

/** The chat completion requests the simulator received, as the client sent them. */
export function chatRequests(requests: readonly RecordedRequest[]): { messages: ChatMessage[]; temperature?: number; max_tokens?: number; model: string }[] {
  return requests.filter((r) => r.method === 'POST' && r.path.endsWith('/chat/completions')).map((r) => r.body as never);
}

/** The conversation's last message, which must be an answer. */
export function lastAnswer(conv: Conversation): AssistantMessage {
  const m = conv.messages[conv.messages.length - 1];
  assert.ok(m && m.role === 'assistant', 'the last message is an answer');
  return m;
}
