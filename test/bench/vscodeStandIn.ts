// A stand-in `vscode` module for benches that run the host's own classes in plain Node (the chat's
// answers, say) with the simulator and a webview in Chromium, rather than in an extension host.
// It holds only what those code paths call, done the cheap way VS Code does it (an event emitter,
// a command posted and not waited for): a path that starts needing more fails loudly here, rather
// than measuring a stand-in that accepts everything. Call `installVscodeStandIn()` before the
// first `require` of a module that imports `vscode`.
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

class EventEmitter<T> {
  private listeners: Listener<T>[] = [];
  readonly event = (listener: Listener<T>) => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

const standIn = {
  EventEmitter,
  commands: {
    // In the host, a command to the workbench is a message it does not wait for.
    executeCommand: () => Promise.resolve(undefined),
  },
  l10n: {
    t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
  },
};

let installed = false;

export function installVscodeStandIn(): void {
  if (installed) return;
  installed = true;
  const m = Module as unknown as { _resolveFilename: (r: string, ...rest: unknown[]) => string };
  const resolve = m._resolveFilename;
  m._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: standIn } as unknown as NodeJS.Module;
}
