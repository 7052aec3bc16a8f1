// A minimal stand-in for vscode.EventEmitter, for fakes used in plain Node (no `vscode` module).
import type * as vscode from 'vscode';

export class FakeEmitter<T> {
  private readonly listeners = new Set<(e: T) => unknown>();

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const fn = (e: T) => listener.call(thisArgs, e);
    this.listeners.add(fn);
    const d = { dispose: () => void this.listeners.delete(fn) };
    disposables?.push(d);
    return d;
  };

  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
