import * as vscode from 'vscode';
import type { TaskEnd } from '../core/agent/loop';
import type { AssistantMessage, Conversation } from '../core/conversation/conversation';
import { toDisposable } from './lifecycle';

/** A question for the user, drawn as a card in the chat (approvals, limits). */
export interface AgentQuestion {
  title: string;
  /** Plain text: what is asked and why. */
  body: string;
  /** Shown in a code block: the command, or the file and its change. */
  code?: string;
  /** 1 to 4 buttons; the first `primary` is the suggested one. */
  buttons: { id: string; label: string; primary?: boolean }[];
}

/**
 * What the chat gives an agent task: the conversation and the answer the task writes into, and the
 * ways to show what happens. The chat owns both; the task changes the answer's parts and calls
 * `update` after each change, so the view redraws it and the store saves it.
 */
export interface AgentTaskSurface {
  readonly conversation: Conversation;
  readonly answer: AssistantMessage;
  /** Streamed text or reasoning into the answer (as the chat streams an answer). */
  appendText(delta: string): void;
  appendReasoning(delta: string): void;
  /** The answer's parts or task changed. */
  update(): void;
  /** Asks in the chat; resolves with the chosen button, undefined when withdrawn (stop, reload). */
  ask(question: AgentQuestion, signal: AbortSignal): Promise<string | undefined>;
}

/** What the agent feature offers the chat (bound by src/agent; absent when it is not there). */
export interface AgentRunner {
  /** Why agent mode cannot run with this model (undefined when it can). */
  refusal(model: string, profile?: string): string | undefined;
  /** Runs (or continues) the task of `surface.answer` until it ends. */
  run(surface: AgentTaskSurface, signal: AbortSignal): Promise<TaskEnd>;
  /** Restores every file the task touched, as it was before its first change. */
  undo(conversation: Conversation, answer: AssistantMessage): Promise<void>;
  /** Opens VS Code's diff editor on one change of a task. */
  openChange(conversation: Conversation, answer: AssistantMessage, callId: string): Promise<void>;
  /** The project rules files in use (for the chat's "rules in use" chip). */
  rulesInUse(conversation: Conversation): { path: string; bytes: number; flags: number; truncated: boolean }[];
}

/** The broker between the chat and the agent feature: neither imports the other. */
export class AgentService implements vscode.Disposable {
  private runner: AgentRunner | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  /** The runner came or went, or the project rules changed: the chat redraws what it shows of them. */
  readonly onDidChange = this._onDidChange.event;

  bind(runner: AgentRunner): vscode.Disposable {
    this.runner = runner;
    this._onDidChange.fire();
    return toDisposable(() => {
      if (this.runner === runner) {
        this.runner = undefined;
        this._onDidChange.fire();
      }
    });
  }

  /** AGENTS.md changed on disk. */
  rulesChanged(): void {
    this._onDidChange.fire();
  }

  get available(): AgentRunner | undefined {
    return this.runner;
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
