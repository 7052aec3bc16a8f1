import * as vscode from 'vscode';
import { Commands } from '../../common/ids';
import type { ChatMessage } from '../../core/api/types';
import { estimateTokens } from '../../core/edits/budget';
import type { CodeSelection, TestFilePlan } from '../../core/prompts/codePrompts';
import { buildTestMessages } from '../../core/prompts/codePrompts';
import { detectTestFramework, planTestFile, relativeImport, testGlob, testPathCandidates } from '../../core/prompts/testPlan';
import type { CodeCommandArgs, CodeTarget } from '../codeTarget';
import type { Proposal } from '../proposals';
import { EditCommand } from './editCommand';
import { exists } from '../../common/workspaceFs';

interface TestsPrepared {
  plan: TestFilePlan;
  target: vscode.Uri;
}

/** Folders whose files are never tests of the workspace's own (dependencies, build output). */
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/build/**,**/target/**,**/vendor/**,**/.venv/**,**/venv/**,**/__pycache__/**}';
const MAX_TESTS_SCANNED = 200;
/** How much of an existing test is shown to the model as the example to follow. */
const EXAMPLE_CHARS = 6000;

const JS_LIKE = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

/**
 * Write tests: proposes a NEW test file for the selection, named, placed and written like the
 * tests already in the workspace (or the language's usual way when there are none). Reviewed as a
 * diff against an empty file; Apply creates it.
 */
export class WriteTestsCommand extends EditCommand<TestsPrepared> {
  readonly id = Commands.writeTests;

  protected progressTitle(target: CodeTarget): string {
    return vscode.l10n.t('TokenHub: writing tests for {0}…', target.displayPath);
  }

  protected diffTitle(_target: CodeTarget, prepared: TestsPrepared): string {
    return vscode.l10n.t('{0} (new test file)', prepared.plan.testPath);
  }

  protected async prepare(target: CodeTarget, _args: CodeCommandArgs): Promise<TestsPrepared | undefined> {
    const source = target.document.uri;
    if (source.scheme === 'untitled') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Save the file first, so TokenHub knows where its tests go.'));
      return undefined;
    }
    const folder = vscode.workspace.getWorkspaceFolder(source);
    const root = folder ? folder.uri : vscode.Uri.joinPath(source, '..');
    const sourcePath = folder ? relativeTo(root, source) : source.path.slice(source.path.lastIndexOf('/') + 1);
    const languageId = target.document.languageId;

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
    if (!testPath) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Test files named like {0} already exist; nothing was proposed.', planned.testPath));
      return undefined;
    }

    const exampleText = planned.nearestTest ? await readPrefix(vscode.Uri.joinPath(root, planned.nearestTest), EXAMPLE_CHARS) : undefined;
    const manifest = JS_LIKE.has(languageId) && folder ? await readPrefix(vscode.Uri.joinPath(root, 'package.json'), 20000) : undefined;
    const framework = detectTestFramework(languageId, exampleText, manifest) || undefined;
    const plan: TestFilePlan = {
      testPath,
      framework,
      importPath: JS_LIKE.has(languageId) ? relativeImport(testPath, sourcePath) : undefined,
      example: planned.nearestTest && exampleText ? { path: planned.nearestTest, text: exampleText } : undefined,
    };
    return { plan, target: vscode.Uri.joinPath(root, testPath) };
  }

  protected buildMessages(selection: CodeSelection, prepared: TestsPrepared): ChatMessage[] {
    return buildTestMessages(selection, prepared.plan);
  }

  protected expectedOutputTokens(selection: CodeSelection): number {
    // Tests are usually longer than the code they test.
    return Math.max(1500, Math.ceil(estimateTokens(selection.code) * 2.5));
  }

  protected override createProposal(target: CodeTarget, prepared: TestsPrepared): Promise<Proposal> {
    return this.ctx.proposals.createNewFile(prepared.target, target.document.languageId, this.diffTitle(target, prepared));
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
