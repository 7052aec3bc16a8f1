import * as vscode from 'vscode';
import type { ChatRequest, ToolCall } from '../core/api/types';
import type { AgentHost, LimitQuestion, StepResult } from '../core/agent/loop';
import { agentSystemPrompt } from '../core/agent/prompt';
import type { ToolKind } from '../core/agent/tools';
import { toolDefinitions, WORKSPACE_TOOLS } from '../core/agent/tools';
import { parseToolArguments } from '../core/agent/toolArgs';
import type { ToolCallPart } from '../core/conversation/parts';
import { buildChatRequest, effectiveMaxTokens } from '../core/conversation/wire';
import { estimateMessagesTokens } from '../core/edits/budget';
import { estimateCost, formatCost } from '../core/pricing';
import type { AgentTaskSurface } from '../platform/agentService';
import { Settings } from '../platform/ids';
import type { Services } from '../platform/services';
import type { AgentSettings } from './agentSettings';
import type { ToolContext } from './toolRunner';
import { runTool } from './toolRunner';
import type { ProjectRules } from './projectRules';
import { workspaceFolderNames } from './workspacePaths';

/** What an estimate allows for the answer of one step, besides its prompt. */
const ANSWER_ALLOWANCE_TOKENS = 1_500;

/**
 * One agent task as the loop sees it (src/core/agent/loop.ts): the requests it sends, the turns
 * through the one turn runner (source `agent`), the tools with their approvals, and the questions
 * at a limit. Everything it does lands in the task's answer as parts, which the chat shows and
 * stores.
 */
export class AgentTask implements AgentHost {
  constructor(
    private readonly services: Services,
    private readonly surface: AgentTaskSurface,
    private readonly settings: AgentSettings,
    private readonly rules: ProjectRules | undefined,
    private readonly tools: ToolContext,
  ) {}

  private get model(): string {
    return this.surface.conversation.model || this.services.models.currentId('chat');
  }

  /** The conversation's gateway profile (absent: the default one). */
  private get profile(): string | undefined {
    return this.surface.conversation.profile;
  }

  nextRequest(): ChatRequest {
    const conv = this.surface.conversation;
    {
      const request = buildChatRequest(
        conv,
        {
          systemPrompt: agentSystemPrompt({
            folders: workspaceFolderNames(),
            platform: process.platform,
            userPrompt: this.services.settings.get<string>(Settings.systemPrompt, ''),
            rules: this.rules?.inUse(conv) ?? [],
            readOnly: !this.tools.trusted(),
          }),
          temperature: this.services.settings.get<number | null>(Settings.temperature, null),
          maxTokens: effectiveMaxTokens(this.services.settings.get<number | null>(Settings.maxTokens, null), this.services.models.find(this.model, this.profile)?.maxOutputTokens),
        },
        this.model,
        // The task's own answer is part of the conversation while it runs (its tool calls and results).
        { openAnswer: this.surface.answer.id },
      );
      request.tools = [...toolDefinitions(this.tools.trusted() ? WORKSPACE_TOOLS : WORKSPACE_TOOLS.filter((t) => t.kind === 'read')), ...this.tools.external.definitions()];
      request.tool_choice = 'auto';
      return request;
    }
  }

  estimate(request: ChatRequest): number | undefined {
    const prices = this.services.models.find(this.model, this.profile);
    const answer = Math.min(request.max_tokens ?? ANSWER_ALLOWANCE_TOKENS, ANSWER_ALLOWANCE_TOKENS);
    return estimateCost(estimateMessagesTokens(request.messages), answer, prices);
  }

  async turn(request: ChatRequest, signal: AbortSignal): Promise<StepResult> {
    const answer = this.surface.answer;
    const result = await this.services.turns.run(request, {
      source: 'agent',
      ...(this.profile ? { profile: this.profile } : {}),
      signal,
      // Past the budget, "Allow" answers for the whole task, not for each of its steps.
      burst: answer.id,
      sink: {
        text: (t) => this.surface.appendText(t),
        reasoning: (t) => this.surface.appendReasoning(t),
        toolCalls: (calls) => {
          for (const c of calls) answer.parts.push({ type: 'toolCall', id: c.id, name: c.function.name, arguments: c.function.arguments, status: 'pending' });
          this.surface.update();
        },
      },
    });
    const task = answer.task!;
    if (result.recorded) {
      const u = answer.usage ?? { promptTokens: 0, completionTokens: 0 };
      answer.usage = { promptTokens: u.promptTokens + result.recorded.promptTokens, completionTokens: u.completionTokens + result.recorded.completionTokens, ...(u.estimated || result.recorded.estimated ? { estimated: true as const } : {}) };
      if (result.recorded.estimated) task.estimated = true;
    }
    if (result.cost !== undefined) {
      task.cost += result.cost;
      answer.cost = task.cost;
    } else if (result.recorded) task.unpriced = true;
    task.steps++;
    if (result.routed) answer.requestedModel = result.requestedModel;
    answer.model = result.model;
    if (result.status === 'error') {
      answer.error = { message: result.problem?.message ?? result.error?.message ?? 'The request failed.', actions: (result.problem?.actions ?? []).map((a) => ({ title: a.title, command: a.command, args: a.args })) };
    }
    this.surface.update();
    return { status: result.status, toolCalls: result.toolCalls, ...(result.cost !== undefined ? { cost: result.cost } : {}) };
  }

  async runTool(call: ToolCall, kind: ToolKind | undefined, signal: AbortSignal): Promise<void> {
    const part = this.surface.answer.parts.find((p): p is ToolCallPart => p.type === 'toolCall' && p.id === call.id);
    if (!part) return;
    const parsed = parseToolArguments(call.function.name, call.function.arguments);
    await runTool(this.tools, this.surface, part, kind, parsed, signal);
  }

  async askToContinue(q: LimitQuestion, signal: AbortSignal): Promise<boolean> {
    const task = this.surface.answer.task!;
    task.state = 'waiting';
    this.surface.update();
    const body =
      q.limit === 'steps'
        ? vscode.l10n.t('This task has made {0} requests, its limit. Go on for another {1}?', q.steps, this.settings.limits.maxSteps)
        : vscode.l10n.t('This task has cost {0} so far; the next request may cost up to {1}, past its limit of {2}. Go on?', formatCost(q.spent), q.estimate === undefined ? '?' : formatCost(q.estimate), formatCost(q.max));
    const choice = await this.surface.ask(
      {
        title: q.limit === 'steps' ? vscode.l10n.t('Step limit reached') : vscode.l10n.t('Cost limit reached'),
        body,
        buttons: [
          { id: 'continue', label: vscode.l10n.t('Go On'), primary: true },
          { id: 'pause', label: vscode.l10n.t('Pause Task') },
        ],
      },
      signal,
    );
    task.state = 'running';
    this.surface.update();
    return choice === 'continue';
  }
}
