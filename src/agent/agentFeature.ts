import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TaskEnd, TaskProgress } from '../core/agent/loop';
import { showInvisibles } from '../core/agent/rules';
import type { AssistantMessage, Conversation } from '../core/conversation/conversation';
import type { ToolCallPart } from '../core/conversation/parts';
import { TOOL_NOT_RUN } from '../core/conversation/wire';
import type { AgentRunner, AgentTaskSurface } from '../platform/agentService';
import { Commands } from '../platform/ids';
import { Disposable } from '../platform/lifecycle';
import type { Services } from '../platform/services';
import { agentSettings } from './agentSettings';
import { Checkpoints } from './checkpoints';
import { CommandRunner } from './commandRunner';
import { ExternalTools } from './externalTools';
import { ProposedContent } from './fileChanges';
import { ProjectRules } from './projectRules';
import type { ToolContext } from './toolRunner';
import type * as TaskCodeModule from './agentTaskCode';

type TaskCode = typeof TaskCodeModule;
let taskCode: TaskCode | undefined;

/** Loaded on the first task, not at activation (./agentTaskCode.ts). */
function loadTaskCode(): TaskCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (taskCode ??= require('./agentTaskCode') as TaskCode);
}

/**
 * Agent mode: the sidebar chat reads, searches, edits and runs in the workspace. This feature
 * owns the tools (src/agent/*Tools.ts, fileChanges, commandRunner), the checkpoints behind Undo
 * task, the project rules, and binds the runner the chat calls through `services.agent`.
 */
export class AgentFeature extends Disposable implements AgentRunner {
  readonly checkpoints: Checkpoints;
  readonly commands: CommandRunner;
  readonly proposed: ProposedContent;
  readonly rules: ProjectRules;
  private readonly external: ExternalTools;
  /** Live tasks' tool contexts (their planned changes), by task id. */
  private readonly contexts = new Map<string, ToolContext>();
  /** Tests run the untrusted case in a trusted window. */
  private trustOverride: boolean | undefined;

  constructor(private readonly services: Services) {
    super();
    this.checkpoints = new Checkpoints(path.join(services.context.globalStorageUri.fsPath, 'agent', 'checkpoints'));
    this.commands = this._register(new CommandRunner(vscode.l10n.t('TokenHub Agent'), () => services.log.knownSecrets()));
    this.proposed = this._register(new ProposedContent());
    this.external = new ExternalTools(() => agentSettings().externalTools);
    this.rules = new ProjectRules(() => agentSettings().projectRules);
    this._register(services.agent.bind(this));
    this._register(vscode.commands.registerCommand(Commands.showAgentRules, () => this.showRules()));
    void this.rules.load();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/AGENTS.md'));
    const reload = () => void this.rules.load().then(() => services.agent.rulesChanged());
    this._register(watcher.onDidChange(reload));
    this._register(watcher.onDidCreate(reload));
    this._register(watcher.onDidDelete(reload));
  }

  /** For tests: act as if the workspace were (not) trusted; undefined: VS Code's Workspace Trust. */
  setTrustForTests(trusted: boolean | undefined): void {
    this.trustOverride = trusted;
  }

  private trusted(): boolean {
    return this.trustOverride ?? vscode.workspace.isTrusted;
  }

  refusal(model: string, profile?: string): string | undefined {
    const info = this.services.models.find(model, profile);
    if (info && !info.capabilities.tools) return vscode.l10n.t('{0} cannot call tools, which agent mode needs. Pick a model that can.', info.name);
    return undefined;
  }

  async run(surface: AgentTaskSurface, signal: AbortSignal): Promise<TaskEnd> {
    const answer = surface.answer;
    const settings = agentSettings();
    answer.task ??= { state: 'running', steps: 0, cost: 0 };
    // Continuing a task that paused at a limit is the user's "go on" for that limit.
    const agreed = answer.task.state === 'paused' ? answer.task.limit : undefined;
    answer.task.state = 'running';
    delete answer.task.limit;
    delete answer.error;
    await this.rules.load();
    const ctx: ToolContext = {
      taskId: answer.id,
      settings,
      checkpoints: this.checkpoints,
      commands: this.commands,
      proposed: this.proposed,
      external: this.external,
      trusted: () => this.trusted(),
      secrets: () => this.services.log.knownSecrets(),
      changes: this.contexts.get(answer.id)?.changes ?? new Map(),
      acceptAll: false,
    };
    this.contexts.set(answer.id, ctx);
    const progress: TaskProgress = { steps: answer.task.steps, spent: answer.task.cost, unpriced: !!answer.task.unpriced };
    const { AgentTask, parseToolArguments, runAgentTask, runTool, toolByName } = loadTaskCode();
    const task = new AgentTask(this.services, surface, settings, this.rules, ctx);
    let end: TaskEnd;
    try {
      // A task continued after a reload or a pause first finishes the tool calls it had asked for.
      for (const part of answer.parts.filter((p): p is ToolCallPart => p.type === 'toolCall' && !hasResult(answer, p.id))) {
        if (signal.aborted) break;
        await runTool(ctx, surface, part, toolByName(part.name)?.kind, parseToolArguments(part.name, part.arguments), signal);
      }
      end = signal.aborted ? { state: 'stopped' } : await runAgentTask(task, settings.limits, signal, progress, agreed);
    } catch (e) {
      this.services.log.error(`agent: task failed: ${e instanceof Error ? e.message : String(e)}`);
      end = { state: 'failed' };
    }
    // Tool calls the task did not get to: said so, for the card and for the model.
    for (const part of answer.parts.filter((p): p is ToolCallPart => p.type === 'toolCall' && !hasResult(answer, p.id))) {
      if (end.state === 'paused' || end.state === 'stopped') {
        if (part.status !== 'pending') part.status = 'stopped';
        if (end.state === 'stopped') answer.parts.push({ type: 'toolResult', callId: part.id, name: part.name, content: TOOL_NOT_RUN, isError: true });
      }
    }
    answer.task.state = end.state === 'paused' ? 'paused' : end.state;
    if (end.state === 'paused') answer.task.limit = end.limit;
    surface.update();
    return end;
  }

  async undo(conversation: Conversation, answer: AssistantMessage): Promise<void> {
    void conversation;
    const { failed } = await this.checkpoints.restore(answer.id);
    for (const p of answer.parts) if (p.type === 'fileChange' && (p.state === 'accepted' || p.state === 'applied')) p.state = 'undone';
    if (answer.task) answer.task.undone = true;
    if (failed.length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Undo task could not restore {0}: {1}', failed.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', '), failed[0]!.error));
    }
  }

  async openChange(conversation: Conversation, answer: AssistantMessage, callId: string): Promise<void> {
    void conversation;
    const live = this.contexts.get(answer.id)?.changes.get(callId);
    if (live) return loadTaskCode().showChange({ proposed: this.proposed }, live);
    // After a reload: the file as the task found it (its checkpoint) beside the file as it is now.
    const change = answer.parts.find((p) => p.type === 'fileChange' && p.callId === callId);
    if (!change || change.type !== 'fileChange') return;
    const { resolveToolPath } = loadTaskCode();
    const now = await resolveToolPath(change.to ?? change.path);
    if ('error' in now) return;
    const before = await resolveToolPath(change.path);
    const original = 'error' in before ? undefined : await this.checkpoints.original(answer.id, before.uri);
    const left = this.proposed.hold(path.basename(change.path), original ? new TextDecoder().decode(original) : '');
    await vscode.commands.executeCommand('vscode.diff', left, now.uri, vscode.l10n.t('{0} (agent change)', change.to ?? change.path));
  }

  rulesInUse(conversation: Conversation): { path: string; bytes: number; flags: number; truncated: boolean }[] {
    if (!agentSettings().projectRules || conversation.rulesOff) return [];
    return this.rules.current.map((f) => ({ path: f.path, bytes: f.bytes, flags: f.flags, truncated: f.truncated }));
  }

  /** AGENTS.md as the model gets it, with every invisible or bidi control character made visible. */
  private async showRules(): Promise<void> {
    const files = await this.rules.load();
    if (!files.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No AGENTS.md at the root of the workspace folders.'));
      return;
    }
    for (const f of files) {
      const uri = this.proposed.hold(f.path.replace(/\//g, '-'), showInvisibles(f.text));
      await vscode.window.showTextDocument(uri, { preview: true });
    }
  }
}

function hasResult(answer: AssistantMessage, callId: string): boolean {
  return answer.parts.some((p) => p.type === 'toolResult' && p.callId === callId);
}

