import * as vscode from 'vscode';
import type { ModelRef } from '../core/profiles/modelRef';
import type { Services } from './services';
import { exists } from './workspaceFs';
import type { ChatMessage } from '../core/api/types';
import type { FittedPrompt } from '../core/edits/budget';
import type { CodeSelection, DiagnosticInfo, TestFilePlan } from '../core/prompts/codePrompts';
import type { CodeTask } from '../core/prompts/codeTasks';
import type { CodeCommandArgs, CodeTarget } from './codeTarget';
import { CONTEXT_LINES, resolveTarget, toCodeSelection, toDiagnosticInfo } from './codeTarget';
import type * as PromptsCodeModule from './codePromptsCode';

type PromptsCode = typeof PromptsCodeModule;
let promptsCode: PromptsCode | undefined;

/** Loaded on the first code task, not at activation (./codePromptsCode.ts). */
function prompts(): PromptsCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (promptsCode ??= require('./codePromptsCode') as PromptsCode);
}

/** Where Write tests puts the new file, or why it cannot. */
export type TestFileChoice =
  | { kind: 'ready'; plan: TestFilePlan; uri: vscode.Uri }
  /** An untitled document has no place, so its tests have none either. */
  | { kind: 'untitled' }
  /** `testPath` and its numbered alternatives all exist already. */
  | { kind: 'taken'; testPath: string };

export interface PreparedRequest {
  selection: CodeSelection;
  messages: ChatMessage[];
}

/** Folders whose files are never tests of the workspace's own (dependencies, build output). */
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/build/**,**/target/**,**/vendor/**,**/.venv/**,**/venv/**,**/__pycache__/**}';
const MAX_TESTS_SCANNED = 200;
/** How much of an existing test is shown to the model as the example to follow. */
const EXAMPLE_CHARS = 6000;

const JS_LIKE = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

/**
 * Everything a code task does before it asks a model, shared by the editor's code commands and the
 * @tokenhub participant's slash commands: the code to work on, the problems in it, where its tests
 * go, the prompt, and whether that prompt and its answer fit the model. Nothing here talks to the
 * user: each caller says in its own place (a notification, the chat) what an outcome means.
 */
export class CodePreparation {
  constructor(private readonly services: Services) {}

  /** The document and range to work on: from `args`, else the active editor's selection. */
  target(args: CodeCommandArgs, wholeLines: boolean): Promise<CodeTarget | undefined> {
    return resolveTarget(args, wholeLines);
  }

  /** Fix: the problems to tell the model about (`given`, else VS Code's in the range), errors first and not too many. */
  diagnostics(target: CodeTarget, given?: readonly vscode.Diagnostic[]): DiagnosticInfo[] {
    const diagnostics = given ?? vscode.languages.getDiagnostics(target.document.uri).filter((d) => d.range.intersection(target.range) !== undefined);
    return prompts().orderDiagnostics(diagnostics.map(toDiagnosticInfo));
  }

  /**
   * Write tests: a NEW file named, placed and written like the tests already in the workspace (or
   * the language's usual way), never one that exists: a numbered name when the first is taken.
   */
  async testFile(target: CodeTarget): Promise<TestFileChoice> {
    const source = target.document.uri;
    if (source.scheme === 'untitled') return { kind: 'untitled' };
    const folder = vscode.workspace.getWorkspaceFolder(source);
    const root = folder ? folder.uri : vscode.Uri.joinPath(source, '..');
    const sourcePath = folder ? relativeTo(root, source) : source.path.slice(source.path.lastIndexOf('/') + 1);
    const languageId = target.document.languageId;

    const { detectTestFramework, planTestFile, relativeImport, testGlob, testPathCandidates } = prompts();
    const glob = testGlob(languageId);
    const existing = folder && glob ? (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), EXCLUDE, MAX_TESTS_SCANNED)).map((u) => relativeTo(root, u)) : [];
    const planned = planTestFile({ sourcePath, languageId, existingTests: existing });

    let testPath: string | undefined;
    for (const candidate of testPathCandidates(planned.testPath)) {
      if (!(await exists(vscode.Uri.joinPath(root, candidate)))) {
        testPath = candidate;
        break;
      }
    }
    if (!testPath) return { kind: 'taken', testPath: planned.testPath };

    const exampleText = planned.nearestTest ? await readPrefix(vscode.Uri.joinPath(root, planned.nearestTest), EXAMPLE_CHARS) : undefined;
    const manifest = JS_LIKE.has(languageId) && folder ? await readPrefix(vscode.Uri.joinPath(root, 'package.json'), 20000) : undefined;
    const plan: TestFilePlan = {
      testPath,
      framework: detectTestFramework(languageId, exampleText, manifest) || undefined,
      importPath: JS_LIKE.has(languageId) ? relativeImport(testPath, sourcePath) : undefined,
      example: planned.nearestTest && exampleText ? { path: planned.nearestTest, text: exampleText } : undefined,
    };
    return { kind: 'ready', plan, uri: vscode.Uri.joinPath(root, testPath) };
  }

  /**
   * The task's prompt with as much context around the selection as fits `model` (an id of the
   * default profile, or a reference), or, when even
   * the bare selection does not fit, the budget that says why.
   */
  fit(model: string | ModelRef, target: CodeTarget, task: CodeTask): FittedPrompt<PreparedRequest> {
    const info = this.services.models.find(model);
    const { buildCodeRequest, fitPrompt } = prompts();
    return fitPrompt(CONTEXT_LINES, { contextWindow: info?.contextWindow, maxOutputTokens: info?.maxOutputTokens }, (n) => {
      const selection = toCodeSelection(target, n);
      const { messages, expectedOutputTokens } = buildCodeRequest(task, selection);
      return { value: { selection, messages }, messages, expectedOutputTokens };
    });
  }
}

function relativeTo(root: vscode.Uri, uri: vscode.Uri): string {
  const base = root.path.endsWith('/') ? root.path : `${root.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** The start of a text file, cut at a line break; undefined when it cannot be read. */
async function readPrefix(uri: vscode.Uri, maxChars: number): Promise<string | undefined> {
  try {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (text.length <= maxChars) return text;
    const cut = text.lastIndexOf('\n', maxChars);
    return text.slice(0, cut > 0 ? cut : maxChars);
  } catch {
    return undefined;
  }
}
