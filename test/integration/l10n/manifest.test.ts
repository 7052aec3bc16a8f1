// In the real extension host: VS Code resolved every %key% of the manifest (package.nls*.json), and
// the walkthrough's media are where the manifest says. A %key% without text would show as
// "%command.x%" in the palette; the unit check (test/l10n) reads the files, this reads what VS Code
// made of them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/platform/ids';
import { getApi } from '../helpers';

/** Every string in `value`, with its JSON path. */
function strings(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

describe('l10n: the manifest as VS Code resolved it', () => {
  it('has no unresolved %key% left in the contributions', async () => {
    await getApi();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const pkg = ext.packageJSON as { displayName: string; contributes: unknown };
    const left = strings({ displayName: pkg.displayName, contributes: pkg.contributes }).filter(([, s]) => /^%[^%\s]+%$/.test(s));
    assert.deepEqual(left, []);
    assert.ok(!pkg.displayName.startsWith('%'));
  });

  it('contributes the Get Started walkthrough with four steps whose pictures exist', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const walkthroughs = (ext.packageJSON as { contributes: { walkthroughs?: { id: string; steps: { id: string; media: { svg?: string; image?: string } }[] }[] } }).contributes.walkthroughs ?? [];
    const ours = walkthroughs.find((w) => w.id === 'tokenhub.gettingStarted');
    assert.ok(ours, 'walkthrough tokenhub.gettingStarted');
    assert.deepEqual(ours.steps.map((s) => s.id), ['setKey', 'pickModel', 'askQuestion', 'explainSelection']);
    for (const step of ours.steps) {
      const rel = step.media.svg ?? step.media.image;
      assert.ok(rel, `step ${step.id} has a picture`);
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, rel));
      assert.ok(stat.size > 200, `${rel} is not empty`);
    }
    // Opening it must not fail (the command exists since VS Code 1.56).
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#tokenhub.gettingStarted`, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
