import * as vscode from 'vscode';
import type { AgentLimits } from '../core/agent/limits';
import { DEFAULT_LIMITS } from '../core/agent/limits';
import { Settings } from '../platform/ids';

// The agent's permissions and limits come from the user's own settings only: a value a workspace
// (a cloned repository) sets is never read, so a repository cannot switch on auto-apply, extend
// the command allow-list or lift the limits. The settings are also application-scoped in
// package.json, so VS Code itself does not offer them per workspace.

function user<T>(key: string, fallback: T): T {
  const v = vscode.workspace.getConfiguration(Settings.section).inspect<T>(key)?.globalValue;
  return v === undefined || v === null ? fallback : v;
}

export interface AgentSettings {
  limits: AgentLimits;
  /** Apply changes to ordinary files without asking (sensitive files always ask). */
  autoApply: boolean;
  /** Commands that may run without asking (matched on the parsed command). */
  allowedCommands: string[];
  commandTimeoutMs: number;
  /** Add AGENTS.md to the instructions. */
  projectRules: boolean;
  /** Tools of other extensions and MCP servers (by name) the user switched on. */
  externalTools: string[];
}

export function agentSettings(): AgentSettings {
  const num = (key: string, fallback: number, min: number) => {
    const v = user<number>(key, fallback);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
  };
  const list = (key: string) => {
    const v = user<unknown>(key, []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
  };
  return {
    limits: { maxSteps: Math.floor(num(Settings.agentMaxSteps, DEFAULT_LIMITS.maxSteps, 1)), maxCost: num(Settings.agentMaxCost, DEFAULT_LIMITS.maxCost, 0) },
    autoApply: user<boolean>(Settings.agentAutoApply, false) === true,
    allowedCommands: list(Settings.agentAllowedCommands),
    commandTimeoutMs: num(Settings.agentCommandTimeout, 120, 1) * 1000,
    projectRules: user<boolean>(Settings.agentProjectRules, true) !== false,
    externalTools: list(Settings.agentExternalTools),
  };
}

/** Adds a command to the user's allow-list ("Always allow"). */
export async function allowCommand(command: string): Promise<void> {
  const current = agentSettings().allowedCommands;
  if (current.includes(command)) return;
  await vscode.workspace.getConfiguration(Settings.section).update(Settings.agentAllowedCommands, [...current, command], vscode.ConfigurationTarget.Global);
}
