// What the native chat suites share: the model they ask for, a recording response stream and
// what the simulator saw.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { NativeChatIds } from '../../../src/platform/ids';

export const MODEL = 'anthropic/claude-sonnet-4-6';

export function hasProviderApi(): boolean {
  const lm = (vscode as unknown as { lm?: Record<string, unknown> }).lm;
  return typeof lm?.registerLanguageModelChatProvider === 'function';
}

export function lastChatBody(sim: { requests: readonly { path: string; body: unknown }[] }): { model: string; messages: { role: string; content: unknown; tool_call_id?: string }[]; tools?: { function: { name: string } }[] } {
  const req = [...sim.requests].reverse().find((r) => r.path.endsWith('/chat/completions'));
  assert.ok(req, 'no chat request reached the simulator');
  return req.body as ReturnType<typeof lastChatBody>;
}

export async function tokenhubModels(): Promise<vscode.LanguageModelChat[]> {
  return vscode.lm.selectChatModels({ vendor: NativeChatIds.vendor });
}
