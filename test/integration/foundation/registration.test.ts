// Every contributed command and view is registered after activation, and
// ids.ts and package.json name the same commands and views.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, Views } from '../../../src/platform/ids';
import { getApi } from '../helpers';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    views: Record<string, { id: string; type?: string }[]>;
    viewsContainers: Record<string, { id: string }[]>;
  };
}

/** The manifest VS Code itself loaded for the extension (the .vsix's on the 1.139 host). */
function manifest(): Manifest {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.packageJSON as Manifest;
}

function contributedViews(m: Manifest): { id: string; type?: string }[] {
  return Object.values(m.contributes.views ?? {}).flat();
}

describe('foundation: registration', () => {
  before(async function () {
    this.timeout(60_000);
    await getApi();
  });

  it('activates and returns its API', async () => {
    const api = await getApi();
    for (const key of ['services', 'auth', 'models', 'chat', 'code', 'completions', 'media', 'nativeChat', 'usage'] as const) {
      assert.ok(api[key], `API has ${key}`);
    }
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    const contributed = manifest().contributes.commands.map((c) => c.command);
    assert.ok(contributed.length >= 6, `package.json contributes commands (${contributed.length})`);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered after activation: ${missing.join(', ')}`);
  });

  it('names the same commands in ids.ts and package.json', () => {
    const contributed = new Set(manifest().contributes.commands.map((c) => c.command));
    const declared = new Set<string>(Object.values(Commands));
    assert.deepEqual([...declared].filter((id) => !contributed.has(id)), [], 'in ids.ts Commands but not contributed');
    assert.deepEqual([...contributed].filter((id) => !declared.has(id)), [], 'contributed but not in ids.ts Commands');
  });

  it('names the same views and view container in ids.ts and package.json', () => {
    const m = manifest();
    const contributed = new Set(contributedViews(m).map((v) => v.id));
    const declared = new Set<string>(Object.entries(Views).filter(([k]) => k !== 'container').map(([, v]) => v));
    assert.deepEqual([...declared].filter((id) => !contributed.has(id)), [], 'in ids.ts Views but not contributed');
    assert.deepEqual([...contributed].filter((id) => !declared.has(id)), [], 'contributed but not in ids.ts Views');
    const containers = Object.values(m.contributes.viewsContainers ?? {}).flat().map((c) => c.id);
    assert.ok(containers.includes(Views.container), `view container ${Views.container} is contributed (${containers.join(', ')})`);
    assert.ok(Object.keys(m.contributes.views).includes(Views.container), `views are contributed into ${Views.container}`);
  });

  it('registers a provider for every contributed webview view', async () => {
    // A second provider for a webview view the extension already provides is refused by the
    // extension host ("already registered"); one nobody provides accepts it (and we drop it again).
    // Tree views cannot be probed this way (a second data provider replaces the first), so the
    // end-to-end suite checks them in the workbench instead.
    const webviews = contributedViews(manifest()).filter((v) => v.type === 'webview');
    assert.ok(webviews.length > 0, 'the manifest contributes a webview view');
    const unprovided: string[] = [];
    for (const view of webviews) {
      let second: vscode.Disposable | undefined;
      try {
        second = vscode.window.registerWebviewViewProvider(view.id, { resolveWebviewView() {} });
        unprovided.push(view.id);
      } catch (e) {
        assert.match(String((e as Error).message), /already registered/i, `${view.id}: ${String(e)}`);
      } finally {
        second?.dispose();
      }
    }
    assert.deepEqual(unprovided, [], `webview views with no provider after activation: ${unprovided.join(', ')}`);
  });

  it('opens the TokenHub view container and focuses each view', async () => {
    await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
    for (const view of contributedViews(manifest())) {
      await vscode.commands.executeCommand(`${view.id}.focus`);
    }
  });
});
