import * as vscode from 'vscode';
import type { AdviceContext } from '../core/client/errorAdvice';
import { endpointKind } from '../core/endpoint';
import type { KnownGateway } from '../core/profiles/profiles';
import { Settings } from './ids';
import type * as ErrorTextModule from './errorText';

type ErrorText = typeof ErrorTextModule;
let errorTextModule: ErrorText | undefined;

/**
 * Every failed request, in the user's language, with the next step as buttons: the words are in
 * ./errorText.ts, loaded with the first error, not at activation (a bundle of its own: esbuild.mjs).
 */
function errorText(): ErrorText {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (errorTextModule ??= require('./errorText') as ErrorText);
}

/** The gateway a failed request went to, when it is not (only) the default profile. */
export interface ErrorGateway {
  /** The profile id. */
  id: string;
  name: string;
  known?: KnownGateway;
  /** Where the profile sends requests: the simulator and local gateways get their own advice. */
  baseUrl?: string;
}

/**
 * Where a request went, for the advice: the simulator (`npm start`) takes other keys than
 * tokenhub.store gives, and a dead address on this machine is not a question of the internet.
 * Without a gateway: the default profile's base URL.
 */
export function adviceContext(gateway?: ErrorGateway): AdviceContext {
  const baseUrl = gateway?.baseUrl ?? vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.baseUrl, '').trim();
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    /* shown as written */
  }
  return { endpoint: endpointKind(baseUrl, process.env), host };
}

/** A button of an error message: the command it runs. */
export interface ErrorAction {
  title: string;
  command?: string;
  /** Arguments for `vscode.commands.executeCommand(command, ...args)`. */
  args?: unknown[];
}

/**
 * A message in the user's language saying what happened and what to do next, with buttons for it.
 * `gateway`: the profile the request went to; another than TokenHub is named in the message, and
 * its buttons act on it (Set API Key for that profile; no TokenHub billing page).
 */
export function describeError(err: unknown, gateway?: ErrorGateway): { message: string; actions: ErrorAction[] } {
  return errorText().describeError(err, gateway, adviceContext(gateway));
}

/** Shows `err` as an error notification and runs the button the user picks. Cancellations stay silent. */
export async function showError(err: unknown, gateway?: ErrorGateway): Promise<void> {
  const advice = errorText().adviseError(err);
  if (advice.kind === 'cancelled') return;
  const { message, actions } = describeError(err, gateway);
  const picked = await vscode.window.showErrorMessage(message, ...actions.map((a) => a.title));
  const action = actions.find((a) => a.title === picked);
  if (action?.command) await vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}
