import * as vscode from 'vscode';
import { describeError } from '../platform/errorMessages';
import type { ErrorGateway } from '../platform/errorMessages';
import type { ErrorInfo } from '../core/conversation/conversation';

/** Commands an error's button may run from the chat (the conversation file stores them). */
const ALLOWED = /^(tokenhub\.|workbench\.action\.openSettings$|vscode\.open$)/;

/**
 * `describeError` (the user's language, the next step as buttons) in a form that can be stored
 * with the conversation: Uri arguments become `{ $uri }` and are revived when the button runs.
 */
export function describeChatError(err: unknown, gateway?: ErrorGateway): ErrorInfo {
  const { message, actions } = describeError(err, gateway);
  return {
    message,
    actions: actions.map((a) => ({
      title: a.title,
      ...(a.command ? { command: a.command } : {}),
      ...(a.args ? { args: a.args.map((x) => (x instanceof vscode.Uri ? { $uri: x.toString() } : x)) } : {}),
    })),
  };
}

export async function runErrorAction(action: ErrorInfo['actions'][number]): Promise<void> {
  if (!action.command || !ALLOWED.test(action.command)) return;
  const args = (action.args ?? []).map((x) =>
    x && typeof x === 'object' && typeof (x as { $uri?: unknown }).$uri === 'string' ? vscode.Uri.parse((x as { $uri: string }).$uri, true) : x,
  );
  await vscode.commands.executeCommand(action.command, ...args);
}
