import * as vscode from 'vscode';
import { decideCommand } from '../core/agent/commandPolicy';
import type { ToolKind } from '../core/agent/tools';
import type { FileChangePart, ToolCallPart } from '../core/conversation/parts';
import { redact } from '../core/log';
import { isSecretFile, isSensitiveFile } from '../core/safety/sensitiveFiles';
import type { AgentQuestion, AgentTaskSurface } from '../platform/agentService';
import type { AgentSettings } from './agentSettings';
import { allowCommand } from './agentSettings';
import type { Checkpoints } from './checkpoints';
import type { CommandRunner } from './commandRunner';
import type { ExternalTools } from './externalTools';
import type { PlannedChange, ProposedContent } from './fileChanges';
import { applyChange, planChange } from './fileChanges';
import type { ToolRun } from './readTools';
import { documentSymbols, findFiles, gitChanges, listDirectory, problems, readFile, searchText, workspaceSymbols } from './readTools';
import { resolveToolPath } from './workspacePaths';

/** What running tools needs, for one task. */
export interface ToolContext {
  readonly taskId: string;
  readonly settings: AgentSettings;
  readonly checkpoints: Checkpoints;
  readonly commands: CommandRunner;
  readonly proposed: ProposedContent;
  readonly external: ExternalTools;
  /** Workspace Trust: an untrusted workspace is read only. */
  trusted(): boolean;
  /** Values that must never reach the model (the API key). */
  secrets(): readonly string[];
  /** Changes kept for "Open Diff" on a card, by call id. */
  readonly changes: Map<string, PlannedChange>;
  /** The user chose Accept All in this task: ordinary files need no more questions. */
  acceptAll: boolean;
}

/** What the model is told when a tool output is cut. */
const MODEL_OUTPUT_CHARS = 8_000;

function finish(ctx: ToolContext, surface: AgentTaskSurface, part: ToolCallPart, status: ToolCallPart['status'], run: ToolRun, started: number): void {
  part.status = status;
  part.ms = Date.now() - started;
  // The key never goes to the model, whatever a file or a command printed.
  let content = redact(run.content, ctx.secrets());
  // The first word says what happened, the same way for every tool (the model, and the
  // simulator's scenarios, read it there).
  const prefix = status === 'denied' ? 'Denied: ' : status === 'refused' ? 'Refused: ' : status === 'failed' && run.isError ? 'Error: ' : status === 'stopped' ? 'Not run: ' : '';
  if (prefix && !content.startsWith(prefix) && !(status === 'stopped' && /^Not run/.test(content))) content = prefix + content;
  surface.answer.parts.push({ type: 'toolResult', callId: part.id, name: part.name, content, ...(run.isError ? { isError: true as const } : {}) });
  surface.update();
}

async function ask(surface: AgentTaskSurface, part: ToolCallPart, q: AgentQuestion, signal: AbortSignal): Promise<string | undefined> {
  part.status = 'pending';
  surface.update();
  return surface.ask(q, signal);
}

/**
 * Runs one tool call to its end: arguments already checked (`parsed`), then the rules (Workspace
 * Trust, paths, secrets), the user's approval where needed, the action, and its result as a part.
 */
export async function runTool(
  ctx: ToolContext,
  surface: AgentTaskSurface,
  part: ToolCallPart,
  kind: ToolKind | undefined,
  parsed: { ok: true; args: Record<string, unknown> } | { ok: false; error: string },
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  if (signal.aborted) return finish(ctx, surface, part, 'stopped', { content: 'Not run: the user stopped the task.', isError: true }, started);
  if (!parsed.ok) {
    if (kind === undefined && ctx.external.has(part.name)) return runExternal(ctx, surface, part, part.arguments, signal, started);
    return finish(ctx, surface, part, 'refused', { content: parsed.error, isError: true }, started);
  }
  const args = parsed.args;
  if (kind !== 'read' && !ctx.trusted()) {
    return finish(ctx, surface, part, 'refused', { content: 'this workspace is not trusted (Restricted Mode), so files cannot be changed and commands cannot run. Tell the user what you would do instead.', isError: true }, started);
  }
  try {
    if (kind === 'read') return await runRead(ctx, surface, part, args, signal, started);
    if (kind === 'write') return await runWrite(ctx, surface, part, args, signal, started);
    if (kind === 'run') return await runCommand(ctx, surface, part, args, signal, started);
  } catch (e) {
    return finish(ctx, surface, part, 'failed', { content: `The tool failed: ${e instanceof Error ? e.message : String(e)}`, isError: true }, started);
  }
}

async function runRead(ctx: ToolContext, surface: AgentTaskSurface, part: ToolCallPart, args: Record<string, unknown>, signal: AbortSignal, started: number): Promise<void> {
  part.status = 'running';
  part.approval = 'none';
  surface.update();
  const pathArg = typeof args.path === 'string' ? args.path : undefined;
  const p = pathArg !== undefined ? await resolveToolPath(pathArg) : undefined;
  if (p && 'error' in p) return finish(ctx, surface, part, 'refused', { content: p.error, isError: true }, started);
  if (part.name === 'read_file' && p && isSecretFile(p.relative)) {
    const choice = await ask(
      surface,
      part,
      {
        title: vscode.l10n.t('Read a file that may hold secrets?'),
        body: vscode.l10n.t('The agent wants to read {0}. Files like this hold keys and passwords; what it reads is sent to the model.', p.relative),
        code: p.relative,
        buttons: [
          { id: 'allow', label: vscode.l10n.t('Allow Once') },
          { id: 'deny', label: vscode.l10n.t('Deny'), primary: true },
        ],
      },
      signal,
    );
    if (choice !== 'allow') return finish(ctx, surface, part, signal.aborted ? 'stopped' : 'denied', { content: `The user did not allow reading ${p.relative}. Do not try to read it another way.`, isError: true }, started);
    part.approval = 'user';
    part.status = 'running';
    surface.update();
  }
  let run: ToolRun;
  switch (part.name) {
    case 'read_file':
      run = await readFile(p!, args.startLine as number | undefined, args.endLine as number | undefined);
      break;
    case 'list_directory':
      run = await listDirectory(p!);
      break;
    case 'find_files':
      run = await findFiles(String(args.glob), args.maxResults as number | undefined, signal);
      break;
    case 'search_text':
      run = await searchText({ query: String(args.query), isRegex: args.isRegex === true, caseSensitive: args.caseSensitive === true, glob: args.glob as string | undefined, maxResults: args.maxResults as number | undefined }, signal);
      break;
    case 'document_symbols':
      run = await documentSymbols(p!);
      break;
    case 'workspace_symbols':
      run = await workspaceSymbols(String(args.query));
      break;
    case 'get_problems':
      run = problems(p);
      break;
    case 'git_changes':
      run = await gitChanges(args.which as 'staged' | 'unstaged' | 'all' | undefined);
      break;
    default:
      run = { content: `Unknown read tool ${part.name}.`, isError: true };
  }
  finish(ctx, surface, part, signal.aborted ? 'stopped' : run.isError ? 'failed' : 'done', run, started);
}

function changeQuestion(c: PlannedChange, sensitive: boolean): AgentQuestion {
  const file = c.path.relative;
  const title =
    c.action === 'create'
      ? vscode.l10n.t('Create {0}?', file)
      : c.action === 'delete'
        ? vscode.l10n.t('Delete {0}?', file)
        : c.action === 'rename'
          ? vscode.l10n.t('Rename {0} to {1}?', file, c.to!.relative)
          : vscode.l10n.t('Accept this change to {0}?', file);
  const lines = [vscode.l10n.t('+{0} −{1} lines. Nothing is written until you accept.', c.added, c.removed)];
  if (sensitive) lines.push(vscode.l10n.t('This file configures the editor, runs code on its own or holds secrets: changes to it always ask, even with auto-apply.'));
  const buttons: AgentQuestion['buttons'] = [
    { id: 'accept', label: vscode.l10n.t('Accept'), primary: !sensitive },
    { id: 'reject', label: vscode.l10n.t('Reject'), primary: sensitive },
  ];
  if (!sensitive) buttons.push({ id: 'acceptAll', label: vscode.l10n.t('Accept All') });
  buttons.push({ id: 'diff', label: vscode.l10n.t('Open Diff') });
  return { title, body: lines.join('\n'), code: c.action === 'rename' ? `${file} → ${c.to!.relative}` : file, buttons };
}

async function runWrite(ctx: ToolContext, surface: AgentTaskSurface, part: ToolCallPart, args: Record<string, unknown>, signal: AbortSignal, started: number): Promise<void> {
  const planned = await planChange(part.name, args);
  if ('error' in planned) return finish(ctx, surface, part, planned.refused ? 'refused' : 'failed', { content: planned.error, isError: true }, started);
  ctx.changes.set(part.id, planned);
  const change: FileChangePart = {
    type: 'fileChange',
    callId: part.id,
    action: planned.action,
    path: planned.path.relative,
    ...(planned.to ? { to: planned.to.relative } : {}),
    state: 'pending',
    added: planned.added,
    removed: planned.removed,
  };
  surface.answer.parts.push(change);
  const sensitive = isSensitiveFile(planned.path.relative) || (planned.to !== undefined && isSensitiveFile(planned.to.relative));
  let approval: ToolCallPart['approval'];
  if (!sensitive && ctx.settings.autoApply) approval = 'autoApply';
  else if (!sensitive && ctx.acceptAll) approval = 'user';
  else {
    for (;;) {
      const choice = await ask(surface, part, changeQuestion(planned, sensitive), signal);
      if (choice === 'diff') {
        await showChange(ctx, planned);
        continue;
      }
      if (choice === 'accept' || choice === 'acceptAll') {
        if (choice === 'acceptAll') ctx.acceptAll = true;
        approval = 'user';
        break;
      }
      change.state = 'rejected';
      const denied = signal.aborted ? 'stopped' : 'denied';
      return finish(ctx, surface, part, denied, { content: `The user rejected this change to ${planned.path.relative}; the file is unchanged. Do not make it another way without asking.`, isError: true }, started);
    }
  }
  part.status = 'running';
  part.approval = approval;
  surface.update();
  // Kept before the first change of each file, so Undo task can put it back.
  await ctx.checkpoints.keep(ctx.taskId, planned.path.uri);
  if (planned.to) await ctx.checkpoints.keep(ctx.taskId, planned.to.uri);
  await applyChange(planned);
  change.state = approval === 'autoApply' ? 'applied' : 'accepted';
  const what = planned.action === 'rename' ? `${planned.path.relative} was renamed to ${planned.to!.relative}` : `${planned.path.relative}: the change was applied (+${planned.added} −${planned.removed} lines)`;
  finish(ctx, surface, part, 'done', { content: `${what}.` }, started);
}

/** Opens a change (or its final state) in VS Code's diff editor. */
export async function showChange(ctx: Pick<ToolContext, 'proposed'>, c: PlannedChange): Promise<void> {
  const title = vscode.l10n.t('{0} (agent change)', c.action === 'rename' ? `${c.path.relative} → ${c.to!.relative}` : c.path.relative);
  await ctx.proposed.showDiff({ path: c.path.relative, before: c.before, after: c.after }, title);
}

function cut(output: string, dropped: number): string {
  const total = output.length + dropped;
  if (total <= MODEL_OUTPUT_CHARS) return output;
  return `(output cut: the last ${MODEL_OUTPUT_CHARS} of ${total} characters; the whole output is in the terminal)\n${output.slice(-MODEL_OUTPUT_CHARS)}`;
}

async function runCommand(ctx: ToolContext, surface: AgentTaskSurface, part: ToolCallPart, args: Record<string, unknown>, signal: AbortSignal, started: number): Promise<void> {
  const command = String(args.command ?? '').trim();
  if (!command) return finish(ctx, surface, part, 'refused', { content: 'The command is empty.', isError: true }, started);
  const cwdArg = typeof args.cwd === 'string' && args.cwd.trim() ? args.cwd : '.';
  const cwd = await resolveToolPath(cwdArg);
  if ('error' in cwd) return finish(ctx, surface, part, 'refused', { content: cwd.error, isError: true }, started);
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  const decision = decideCommand(command, ctx.settings.allowedCommands, { workspaceRoots: folders });
  let approval: ToolCallPart['approval'] = 'allowList';
  if (decision.decision !== 'auto') {
    const buttons: AgentQuestion['buttons'] = [
      { id: 'run', label: vscode.l10n.t('Run'), primary: !decision.destructive },
      { id: 'deny', label: vscode.l10n.t('Deny'), primary: decision.destructive },
    ];
    // "Always" only for a plain command: never for a destructive one, a chain, or a substitution.
    if (!decision.destructive && decision.reasons.length === 0) buttons.push({ id: 'always', label: vscode.l10n.t('Always Allow') });
    const body = [
      decision.destructive
        ? vscode.l10n.t('This command can delete or overwrite things that cannot be undone. It is never run without asking.')
        : vscode.l10n.t('The agent wants to run this command in {0}.', cwd.relative || '.'),
    ];
    const choice = await ask(surface, part, { title: vscode.l10n.t('Run this command?'), body: body.join('\n'), code: command, buttons }, signal);
    if (choice !== 'run' && choice !== 'always') {
      return finish(ctx, surface, part, signal.aborted ? 'stopped' : 'denied', { content: 'The user denied this command; it did not run. Do not retry it; say what you wanted it for, or try another approach.', isError: true }, started);
    }
    if (choice === 'always') await allowCommand(command);
    approval = 'user';
  }
  part.status = 'running';
  part.approval = approval;
  surface.update();
  const timeout = Math.min(Math.max(1, Number(args.timeoutSeconds) || ctx.settings.commandTimeoutMs / 1000), 3600) * 1000;
  const r = await ctx.commands.run(command, cwd.uri.fsPath, timeout, signal);
  const out = cut(r.output, r.dropped);
  const head = r.timedOut
    ? `The command was stopped after its timeout of ${Math.round(timeout / 1000)} s.`
    : r.stopped
      ? 'The user stopped the command.'
      : `Exit code ${r.exitCode ?? 'unknown'} after ${(r.ms / 1000).toFixed(1)} s.`;
  finish(ctx, surface, part, r.stopped ? 'stopped' : r.exitCode === 0 ? 'done' : 'failed', { content: `${head}\nOutput:\n${out || '(no output)'}`, ...(r.exitCode === 0 ? {} : { isError: true }) }, started);
}

async function runExternal(ctx: ToolContext, surface: AgentTaskSurface, part: ToolCallPart, argsJson: string, signal: AbortSignal, started: number): Promise<void> {
  if (!ctx.trusted()) return finish(ctx, surface, part, 'refused', { content: 'this workspace is not trusted, so tools of other extensions cannot run.', isError: true }, started);
  let input: object;
  try {
    input = JSON.parse(argsJson || '{}') as object;
  } catch {
    return finish(ctx, surface, part, 'refused', { content: `The arguments of ${part.name} are not valid JSON.`, isError: true }, started);
  }
  const choice = await ask(
    surface,
    part,
    {
      title: vscode.l10n.t('Run the tool {0}?', part.name),
      body: vscode.l10n.t('This tool comes from another extension or an MCP server you set up in VS Code. It runs with that extension\'s rights.'),
      code: argsJson.slice(0, 2000),
      buttons: [
        { id: 'run', label: vscode.l10n.t('Run'), primary: true },
        { id: 'deny', label: vscode.l10n.t('Deny') },
      ],
    },
    signal,
  );
  if (choice !== 'run') return finish(ctx, surface, part, signal.aborted ? 'stopped' : 'denied', { content: 'The user denied this tool call.', isError: true }, started);
  part.status = 'running';
  part.approval = 'user';
  surface.update();
  const run = await ctx.external.invoke(part.name, input, signal);
  finish(ctx, surface, part, signal.aborted ? 'stopped' : run.isError ? 'failed' : 'done', run, started);
}

/** For the card of a finished change: where the file is now. */
export function changedUri(c: PlannedChange): vscode.Uri {
  return c.action === 'rename' ? c.to!.uri : c.path.uri;
}

