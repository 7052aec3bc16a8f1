// The second look before Apply, in the real extension host: a proposal that changes nothing is not
// applied, and one the language reports errors in waits for "Apply Anyway" (an error the original
// already had does not count). Diagnostics come from a collection of the test's own, as a language
// server's would, and from VS Code's JSON language server itself.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/platform/ids';
import { proposalConcerns } from '../../../src/platform/proposalReview';
import { getApi, waitFor } from '../helpers';

const CODE = 'function add(x, y) {\n  return x + y;\n}\n';

async function closeAll(): Promise<void> {
  for (let i = 0; i < 10 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

describe('proposals: a second look before Apply (integration)', function () {
  this.timeout(60_000);
  let diagnostics: vscode.DiagnosticCollection;

  before(() => {
    diagnostics = vscode.languages.createDiagnosticCollection('tokenhub-test-language');
  });
  after(() => diagnostics.dispose());
  afterEach(async () => {
    diagnostics.clear();
    const api = await getApi();
    for (const p of api.services.proposals.all) await api.services.proposals.discard(p);
    await closeAll();
  });

  async function propose(code: string, content = CODE, language = 'javascript') {
    const api = await getApi();
    const doc = await vscode.workspace.openTextDocument({ content, language });
    await vscode.window.showTextDocument(doc);
    // A workbench an earlier suite left stuck (an editor it could not close) hands back another
    // document; then the errors below would be that document's, not the proposal's.
    assert.equal(doc.getText(), content, 'the document holds what the test wrote');
    const range = new vscode.Range(0, 0, doc.lineCount - 1, 0);
    const p = await api.services.proposals.proposeCode(doc, range, code, 'Test proposal');
    return { api, doc, p };
  }

  it('a proposal that changes nothing is not applied, and says so', async () => {
    const { doc, p } = await propose(CODE);
    const version = doc.version;
    assert.equal(proposalConcerns(p).unchanged, true);
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: p.id }), 'unchanged');
    assert.equal(doc.getText(), CODE);
    assert.equal(doc.version, version, 'nothing was written');
  });

  it('errors the language reports in the proposal hold Apply back until "Apply Anyway"', async () => {
    const broken = 'function add(x, y) {\n  return x + ;\n}\n';
    const { doc, p } = await propose(broken);
    diagnostics.set(p.proposalUri, [new vscode.Diagnostic(new vscode.Range(1, 11, 1, 12), 'Expression expected.', vscode.DiagnosticSeverity.Error)]);
    await waitFor(() => vscode.languages.getDiagnostics(p.proposalUri).length > 0, 5000, 'the diagnostics to arrive');
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: p.id }), 'hasErrors');
    assert.equal(doc.getText(), CODE, 'not applied');
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: p.id, force: true }), 'applied');
    assert.equal(doc.getText(), broken);
  });

  it('an error the original already has is not the proposal\'s doing; a warning is no error', async () => {
    const { doc, p } = await propose('function add(a, b) {\n  return a + b;\n}\n');
    const error = (line: number) => new vscode.Diagnostic(new vscode.Range(line, 0, line, 1), "Cannot find name 'lib'.", vscode.DiagnosticSeverity.Error);
    diagnostics.set(p.originalUri, [error(0)]);
    diagnostics.set(p.proposalUri, [error(0), new vscode.Diagnostic(new vscode.Range(1, 0, 1, 1), 'Unused.', vscode.DiagnosticSeverity.Warning)]);
    await waitFor(() => vscode.languages.getDiagnostics(p.proposalUri).length === 2, 5000, 'the diagnostics to arrive');
    assert.deepEqual(proposalConcerns(p).errors, []);
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: p.id }), 'applied');
    assert.match(doc.getText(), /function add\(a, b\)/);
  });

  it("VS Code's CSS language server checks the proposal: a broken rule waits for Apply Anyway", async () => {
    const { doc, p } = await propose('a {\n  color: ;\n}\n', 'a {\n  color: red;\n}\n', 'css');
    // The CSS language server checks documents of any scheme (TypeScript's checks files only).
    await waitFor(() => vscode.languages.getDiagnostics(p.proposalUri).some((d) => d.severity === vscode.DiagnosticSeverity.Error), 15_000, 'CSS errors in the proposal');
    assert.equal(await vscode.commands.executeCommand(Commands.applyProposal, { id: p.id }), 'hasErrors');
    assert.equal(doc.getText(), 'a {\n  color: red;\n}\n');
  });
});
