import type * as vscode from 'vscode';

/**
 * Base class for everything that owns registrations (as in vscode-pull-request-github's
 * `common/lifecycle.ts`): a feature `_register`s each disposable it creates, and one `dispose()`
 * releases them all in reverse order, so nothing a feature registers can leak.
 */
export abstract class Disposable implements vscode.Disposable {
  private _disposables: { dispose(): unknown }[] = [];
  private _isDisposed = false;

  protected get isDisposed(): boolean {
    return this._isDisposed;
  }

  protected _register<T extends { dispose(): unknown }>(value: T): T {
    if (this._isDisposed) {
      value.dispose();
    } else {
      this._disposables.push(value);
    }
    return value;
  }

  dispose(): void {
    if (this._isDisposed) return;
    this._isDisposed = true;
    const items = this._disposables.reverse();
    this._disposables = [];
    for (const d of items) {
      try {
        d.dispose();
      } catch {
        // One failing disposable must not keep the others alive.
      }
    }
  }
}

/** A disposable from a plain function. */
export function toDisposable(fn: () => void): { dispose(): void } {
  let done = false;
  return {
    dispose() {
      if (!done) {
        done = true;
        fn();
      }
    },
  };
}
