// What the agent suites share: the demo workspace the simulator's scenarios expect, answering the
// chat's question cards the way the webview would (a `reply` through the view's message guard),
// and reading an agent task's answer.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TokenHubExtensionApi } from '../../../src/extension';
import type { AssistantMessage } from '../../../src/core/conversation/conversation';
import type { FileChangePart, ToolCallPart, ToolResultPart } from '../../../src/core/conversation/parts';
import type { AskParams } from '../../../src/core/protocol/hostRequests';
import { AGENT_DEMO_FILES, writeAgentDemo } from '../../simulator/agentDemo';
import { waitFor } from '../helpers';

export const AGENT_MODEL = 'anthropic/claude-sonnet-4-6';

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration host has a workspace folder');
  return folder.uri.fsPath;
}

/** Writes the scenarios' files into the workspace (and their escape targets beside it); returns a clean-up. */
export function writeDemo(): () => void {
  const root = workspaceRoot();
  writeAgentDemo(root);
  return () => {
    for (const rel of [...Object.keys(AGENT_DEMO_FILES), 'link-out', '.vscode/settings.json', 'ran.txt', 'pid.txt', 'escaped.txt']) {
      fs.rmSync(path.join(root, rel), { recursive: true, force: true });
    }
  };
}

export function readWs(rel: string): string {
  return fs.readFileSync(path.join(workspaceRoot(), rel), 'utf8');
}

export interface PendingAsk {
  id: number;
  params: AskParams;
}

/** The next question card the chat shows (waits for it). */
export async function nextAsk(api: TokenHubExtensionApi, what: string, timeoutMs = 20_000): Promise<PendingAsk> {
  return waitFor(
    () => {
      const p = api.chat.view.pendingHostRequests.find((r) => r.method === 'ask');
      return p ? { id: p.id, params: p.params as AskParams } : undefined;
    },
    timeoutMs,
    `a question card: ${what}`,
  );
}

/** Answers a question card as the webview does when the user clicks a button. */
export async function answer(api: TokenHubExtensionApi, ask: PendingAsk, choice: string): Promise<void> {
  assert.ok(ask.params.buttons.some((b) => b.id === choice), `the card "${ask.params.title}" offers ${choice} (it offers ${ask.params.buttons.map((b) => b.id).join(', ')})`);
  await api.chat.view.handleMessage({ type: 'reply', id: ask.id, result: { choice } });
  await waitFor(() => !api.chat.view.pendingHostRequests.some((r) => r.id === ask.id), 5000, 'the card to be answered');
}

export function taskAnswer(api: TokenHubExtensionApi): AssistantMessage {
  const m = api.chat.session.conversation.messages.at(-1);
  assert.ok(m?.role === 'assistant' && m.task, 'the last message is an agent task');
  return m;
}

export function toolCalls(m: AssistantMessage): ToolCallPart[] {
  return m.parts.filter((p): p is ToolCallPart => p.type === 'toolCall');
}

export function results(m: AssistantMessage): ToolResultPart[] {
  return m.parts.filter((p): p is ToolResultPart => p.type === 'toolResult');
}

export function changes(m: AssistantMessage): FileChangePart[] {
  return m.parts.filter((p): p is FileChangePart => p.type === 'fileChange');
}

/** Starts a task (agent mode, a new conversation); `done` settles when it ends (the test answers its cards meanwhile). */
export async function startTask(api: TokenHubExtensionApi, text: string): Promise<{ done: Promise<void> }> {
  await api.chat.session.newConversation();
  api.chat.session.setMode('agent');
  api.chat.session.setModel({ profile: 'tokenhub', model: AGENT_MODEL });
  return { done: api.chat.send({ text }) };
}
