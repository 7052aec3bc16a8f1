import * as vscode from 'vscode';
import { MENTION_LIMITS } from '../core/mentions/mentionText';
import { TailBuffer, terminalText } from '../core/mentions/terminalText';
import { Disposable } from './lifecycle';

/** A command a terminal ran, as its shell integration reported it. */
export interface TerminalCommand {
  terminal: string;
  commandLine: string;
  /** Undefined while it runs, or when the shell did not report it. */
  exitCode: number | undefined;
  /** What it printed (escapes removed), its end when long. */
  output: string;
  /** The start of the output was dropped. */
  cut: boolean;
  running: boolean;
}

interface Execution {
  commandLine: { value: string };
  read(): AsyncIterable<string>;
}
interface ShellExecutionEvent {
  terminal: vscode.Terminal;
  execution: Execution;
  exitCode?: number | undefined;
}
/** The shell-integration events (VS Code 1.93+), looked up by name so an older host simply has none. */
type ShellEvents = {
  onDidStartTerminalShellExecution?: vscode.Event<ShellExecutionEvent>;
  onDidEndTerminalShellExecution?: vscode.Event<ShellExecutionEvent>;
};

/**
 * What the terminals can give a mention: the active terminal's selection (`Terminal.selection`,
 * feature-detected: newer hosts have it) and the last command each terminal ran with its output
 * (shell integration: output is only readable while the command runs, so every execution is read
 * from its start, keeping the end of what it prints).
 */
export class TerminalContext extends Disposable {
  private readonly last = new Map<vscode.Terminal, { commandLine: string; buffer: TailBuffer; exitCode?: number; running: boolean; at: number }>();

  constructor() {
    super();
    const events = vscode.window as unknown as ShellEvents;
    if (events.onDidStartTerminalShellExecution) {
      this._register(events.onDidStartTerminalShellExecution((e) => this.started(e)));
    }
    if (events.onDidEndTerminalShellExecution) {
      this._register(
        events.onDidEndTerminalShellExecution((e) => {
          const entry = this.last.get(e.terminal);
          if (entry && entry.commandLine === e.execution.commandLine.value) {
            entry.running = false;
            entry.exitCode = e.exitCode;
          }
        }),
      );
    }
    this._register(vscode.window.onDidCloseTerminal((t) => this.last.delete(t)));
  }

  /** Whether this host reports commands and their output at all. */
  get tracksCommands(): boolean {
    return typeof (vscode.window as unknown as ShellEvents).onDidStartTerminalShellExecution === 'function';
  }

  private started(e: ShellExecutionEvent): void {
    const buffer = new TailBuffer(MENTION_LIMITS.terminalChars * 4);
    const entry = { commandLine: e.execution.commandLine.value, buffer, running: true, at: Date.now() };
    this.last.set(e.terminal, entry);
    void (async () => {
      try {
        for await (const data of e.execution.read()) buffer.push(data);
      } catch {
        // The terminal went away mid-command: what was read stays.
      }
    })();
  }

  /** The active terminal's selected text, when the host can tell (VS Code 1.93+) and there is one. */
  selection(terminal = vscode.window.activeTerminal): string | undefined {
    const text = (terminal as { selection?: unknown } | undefined)?.selection;
    return typeof text === 'string' && text.trim() ? text : undefined;
  }

  /** The last command of `terminal` (the active one by default, else the latest of any terminal). */
  lastCommand(terminal = vscode.window.activeTerminal): TerminalCommand | undefined {
    let found = terminal ? this.last.get(terminal) : undefined;
    let owner = terminal;
    if (!found) {
      for (const [t, e] of this.last) {
        if (!found || e.at > found.at) {
          found = e;
          owner = t;
        }
      }
    }
    if (!found || !owner) return undefined;
    const raw = found.buffer.text();
    const text = terminalText(raw);
    const cut = found.buffer.dropped > 0 || text.length > MENTION_LIMITS.terminalChars;
    return {
      terminal: owner.name,
      commandLine: found.commandLine,
      exitCode: found.exitCode,
      output: text.length > MENTION_LIMITS.terminalChars ? text.slice(-MENTION_LIMITS.terminalChars) : text,
      cut,
      running: found.running,
    };
  }
}
