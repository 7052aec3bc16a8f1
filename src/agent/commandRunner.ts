import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { API_KEY_ENV } from '../platform/ids';

// Commands the agent runs, in a VS Code terminal the user sees ("TokenHub Agent"). The terminal
// is ours (a pseudoterminal): we start the process ourselves, so its output and exit code are
// always captured (whatever the shell, with or without shell integration), its environment is
// ours to clean (the API key never reaches it), and Stop or the timeout end the whole process
// group at once.

export interface CommandResult {
  exitCode: number | null;
  /** Everything the command printed (stdout and stderr, in order), capped at its last MAX_KEPT characters. */
  output: string;
  /** Characters dropped from the start of `output`. */
  dropped: number;
  timedOut: boolean;
  stopped: boolean;
  ms: number;
}

const MAX_KEPT = 200_000;

/**
 * The environment a command gets: ours, without the API key's variable and without any variable
 * that holds one of `secrets` (a key the user set in another variable is still the key).
 */
export function commandEnv(base: NodeJS.ProcessEnv, secrets: readonly string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined || k === API_KEY_ENV) continue;
    if (secrets.some((s) => s.length >= 8 && v.includes(s))) continue;
    // VS Code's own IPC handles: a command has no business talking to the extension host.
    if (/^VSCODE_(IPC_HOOK|NLS_CONFIG|HANDLES|PID|CWD|ESM_ENTRYPOINT|AMD_ENTRYPOINT)/.test(k) || k === 'ELECTRON_RUN_AS_NODE') continue;
    env[k] = v;
  }
  env.TERM = env.TERM ?? 'xterm-256color';
  return env;
}

class AgentTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidClose = this.closeEmitter.event;
  private opened: Promise<void>;
  private markOpen!: () => void;
  onInput?: (data: string) => void;

  constructor() {
    this.opened = new Promise((r) => (this.markOpen = r));
  }

  open(): void {
    this.markOpen();
  }
  close(): void {
    this.onInput?.('\x03');
  }
  handleInput(data: string): void {
    this.onInput?.(data);
  }
  async write(text: string): Promise<void> {
    await this.opened;
    this.writeEmitter.fire(text.replace(/\r?\n/g, '\r\n'));
  }
  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

export class CommandRunner implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private pty: AgentTerminal | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly name: string, private readonly secrets: () => readonly string[]) {
    this.subs.push(
      vscode.window.onDidCloseTerminal((t) => {
        if (t === this.terminal) {
          this.terminal = undefined;
          this.pty?.dispose();
          this.pty = undefined;
        }
      }),
    );
  }

  private ensureTerminal(): AgentTerminal {
    if (!this.terminal || !this.pty) {
      this.pty = new AgentTerminal();
      this.terminal = vscode.window.createTerminal({ name: this.name, pty: this.pty, iconPath: new vscode.ThemeIcon('hubot') });
    }
    this.terminal.show(true);
    return this.pty;
  }

  /** Runs `command` in `cwd` through the user's shell; resolves when it ends, times out or is stopped. */
  run(command: string, cwd: string, timeoutMs: number, signal: AbortSignal): Promise<CommandResult> {
    const pty = this.ensureTerminal();
    const started = Date.now();
    const shell = process.platform === 'win32' ? process.env.ComSpec || 'cmd.exe' : process.env.SHELL || '/bin/sh';
    const args = process.platform === 'win32' ? ['/d', '/s', '/c', command] : ['-c', command];
    void pty.write(`\x1b[1m$ ${command}\x1b[0m\n`);
    return new Promise((resolve) => {
      let output = '';
      let dropped = 0;
      let timedOut = false;
      let stopped = false;
      let settled = false;
      const child = spawn(shell, args, { cwd, env: commandEnv(process.env, this.secrets()), detached: process.platform !== 'win32', windowsHide: true });
      const kill = () => {
        if (child.exitCode !== null || child.killed) return;
        try {
          if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const take = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        void pty.write(text);
        output += text;
        if (output.length > MAX_KEPT) {
          dropped += output.length - MAX_KEPT;
          output = output.slice(-MAX_KEPT);
        }
      };
      child.stdout?.on('data', take);
      child.stderr?.on('data', take);
      const timer = setTimeout(() => {
        timedOut = true;
        kill();
      }, timeoutMs);
      const onAbort = () => {
        stopped = true;
        kill();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      pty.onInput = (data) => {
        // Ctrl+C in the terminal stops the command, as in any terminal.
        if (data.includes('\x03')) onAbort();
      };
      if (signal.aborted) onAbort();
      const finish = (code: number | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        pty.onInput = undefined;
        const note = timedOut ? `[stopped after ${Math.round(timeoutMs / 1000)} s]` : stopped ? '[stopped]' : `[exit code ${code ?? '?'}]`;
        void pty.write(`\n\x1b[2m${note}\x1b[0m\n\n`);
        resolve({ exitCode: code, output, dropped, timedOut, stopped, ms: Date.now() - started });
      };
      child.on('error', (e) => {
        take(Buffer.from(`${e.message}\n`));
        finish(null);
      });
      child.on('close', (code) => finish(code));
    });
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.terminal?.dispose();
    this.pty?.dispose();
  }
}
