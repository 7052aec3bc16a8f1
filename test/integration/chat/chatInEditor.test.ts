// Room for the chat, in the real extension host: Open Chat in Editor shows the same chat in an
// editor tab (one tab, however often it is asked for), answers reach it, and it goes away cleanly;
// the side bar starts with Models, Generations and Usage collapsed so the chat gets the height.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, Views, WebviewPanels } from '../../../src/platform/ids';
import { textOf } from '../../../src/core/conversation/parts';
import { closeAllEditors, lastAnswer, useSimulator, waitFor } from '../helpers';

function chatTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(WebviewPanels.chat));
}

describe('chat: in an editor tab, and a side bar with room for it (integration)', function () {
  this.timeout(120_000);
  const s = useSimulator();

  after(async () => {
    await closeAllEditors();
  });

  it('Open Chat in Editor shows the chat in one editor tab that says ready and gets the answers', async () => {
    await vscode.commands.executeCommand(Commands.openChatInEditor);
    await waitFor(() => chatTabs().length === 1, 10_000, 'the chat tab');
    await waitFor(() => s.api.chat.view.readyInEditor, 60_000, 'the chat tab to say ready');
    await vscode.commands.executeCommand(Commands.openChatInEditor);
    assert.equal(chatTabs().length, 1, 'asked twice, still one tab');
    s.sim.enqueue({ reply: 'Answered in the tab.' });
    await s.api.chat.send({ text: 'Where am I?' });
    assert.equal(textOf(lastAnswer(s.api.chat.session.conversation)), 'Answered in the tab.');
    assert.equal(s.api.chat.view.visible, true);
    await vscode.window.tabGroups.close(chatTabs());
    await waitFor(() => !s.api.chat.view.inEditor, 10_000, 'the tab to be gone');
  });

  it('the chat view has a way to move: Open Chat in Editor and Move Chat in its menu', () => {
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } }).contributes.menus['view/title'];
    for (const command of [Commands.openChatInEditor, Commands.moveChat]) {
      assert.ok(menus.some((m) => m.command === command && m.when === `view == ${Views.chat}`), `${command} is in the chat view's menu`);
    }
  });

  it('Models, Generations and Usage start collapsed; the chat starts open', () => {
    const views = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { views: Record<string, { id: string; visibility?: string }[]> } }).contributes.views[Views.container];
    const visibility = Object.fromEntries(views.map((v) => [v.id, v.visibility ?? 'visible']));
    assert.deepEqual(visibility, { [Views.chat]: 'visible', [Views.models]: 'collapsed', [Views.generations]: 'collapsed', [Views.usage]: 'collapsed' });
  });
});
