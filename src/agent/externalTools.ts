import * as vscode from 'vscode';
import type { ToolDefinition } from '../core/api/types';
import type { ToolRun } from './readTools';

// Tools of other extensions and the MCP servers the user set up in VS Code, through `vscode.lm`
// (VS Code 1.95+, feature-detected). None is offered to the model until the user switches it on
// by name (tokenhub.agent.externalTools), and each call still asks. We run no MCP client of our own.

interface LmTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object;
}

interface LmApi {
  readonly tools?: readonly LmTool[];
  invokeTool?(name: string, options: { input: object; toolInvocationToken: undefined }, token?: vscode.CancellationToken): Thenable<{ content: unknown[] }>;
}

function lm(): LmApi | undefined {
  return (vscode as unknown as { lm?: LmApi }).lm;
}

export class ExternalTools {
  constructor(private readonly enabled: () => readonly string[]) {}

  /** The switched-on tools that exist in this VS Code. */
  private tools(): LmTool[] {
    const on = new Set(this.enabled());
    if (!on.size) return [];
    return (lm()?.tools ?? []).filter((t) => on.has(t.name));
  }

  /** Every tool of this VS Code's other extensions (for the setting's picker). */
  static available(): { name: string; description: string }[] {
    return (lm()?.tools ?? []).map((t) => ({ name: t.name, description: t.description }));
  }

  has(name: string): boolean {
    return this.tools().some((t) => t.name === name);
  }

  definitions(): ToolDefinition[] {
    return this.tools().map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: (t.inputSchema as Record<string, unknown>) ?? { type: 'object', properties: {} } } }));
  }

  async invoke(name: string, input: object, signal: AbortSignal): Promise<ToolRun> {
    const api = lm();
    if (!api?.invokeTool) return { content: 'Tools of other extensions are not available in this VS Code.', isError: true };
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await api.invokeTool(name, { input, toolInvocationToken: undefined }, cts.token);
      const text = result.content
        .map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : typeof (p as { value?: unknown }).value === 'string' ? (p as { value: string }).value : ''))
        .join('');
      return { content: text || '(the tool returned no text)' };
    } catch (e) {
      return { content: `The tool ${name} failed: ${e instanceof Error ? e.message : String(e)}`, isError: true };
    } finally {
      signal.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }
}
