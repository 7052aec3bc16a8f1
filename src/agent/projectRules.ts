import * as vscode from 'vscode';
import { inspectRules } from '../core/agent/rules';
import type { Conversation } from '../core/conversation/conversation';

// Project rules: AGENTS.md at a workspace folder's root joins the agent's instructions. The user
// sees which rules are in use (and anything hidden in them) and can switch them off.

export const RULES_FILE = 'AGENTS.md';
export const MAX_RULES_BYTES = 16 * 1024;

export interface RulesFile {
  /** Workspace-relative name, e.g. `AGENTS.md` or `api/AGENTS.md` in a multi-root workspace. */
  path: string;
  uri: vscode.Uri;
  text: string;
  bytes: number;
  truncated: boolean;
  /** Invisible or bidi control characters found in it: shown to the user. */
  flags: number;
}

export class ProjectRules {
  private files: RulesFile[] = [];

  constructor(private readonly enabled: () => boolean) {}

  /** Reads AGENTS.md of every workspace folder (again: it may have changed since the last task). */
  async load(): Promise<readonly RulesFile[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const out: RulesFile[] = [];
    for (const f of folders) {
      const uri = vscode.Uri.joinPath(f.uri, RULES_FILE);
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch {
        continue;
      }
      const inspected = inspectRules(new TextDecoder('utf-8').decode(bytes), MAX_RULES_BYTES);
      out.push({ path: folders.length > 1 ? `${f.name}/${RULES_FILE}` : RULES_FILE, uri, text: inspected.text, bytes: inspected.bytes, truncated: inspected.truncated, flags: inspected.flags.length });
    }
    this.files = out;
    return out;
  }

  get current(): readonly RulesFile[] {
    return this.files;
  }

  /** The rules this conversation uses: none when switched off in the settings or for it. */
  inUse(conv: Conversation): { path: string; text: string }[] {
    if (!this.enabled() || conv.rulesOff) return [];
    return this.files.map((f) => ({ path: f.path, text: f.text }));
  }
}
