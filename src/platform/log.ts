import * as vscode from 'vscode';
import type { Logger } from '../core/log';
import { redact, rememberSecret } from '../core/log';

/**
 * The extension's log ("TokenHub" in the Output panel). Every line passes through `redact` with the
 * secrets known at the time, so the key cannot reach the log even if a caller slips.
 */
export class ExtensionLog implements Logger, vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private secrets: string[] = [];

  constructor(name = 'TokenHub') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Called whenever the key is read or changed, so that exact value is masked too. */
  addSecret(secret: string | undefined): void {
    if (secret && !this.secrets.includes(secret)) this.secrets.push(secret);
    // Also for the `redact` calls that do not go through this log (errors shown to the user).
    rememberSecret(secret);
  }

  /** The secrets seen so far (the key): kept out of tool results and command environments too. */
  knownSecrets(): readonly string[] {
    return this.secrets;
  }

  show(): void {
    this.channel.show(true);
  }

  trace(message: string): void {
    this.channel.trace(redact(message, this.secrets));
  }
  debug(message: string): void {
    this.channel.debug(redact(message, this.secrets));
  }
  info(message: string): void {
    this.channel.info(redact(message, this.secrets));
  }
  warn(message: string): void {
    this.channel.warn(redact(message, this.secrets));
  }
  error(message: string): void {
    this.channel.error(redact(message, this.secrets));
  }

  dispose(): void {
    this.channel.dispose();
  }
}
