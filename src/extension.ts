import type * as vscode from 'vscode';
import { Services } from './common/services';

// A table of contents: build the shared services, then each feature; every one is a Disposable
// that owns what it registers.
export function activate(context: vscode.ExtensionContext) {
  const services = new Services(context);
  context.subscriptions.push(services);
  return { services };
}

export function deactivate(): void {}
