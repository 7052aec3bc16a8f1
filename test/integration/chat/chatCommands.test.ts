// In the real extension host: conversations can be renamed (what History's Rename button and the
// view's Rename Chat run), and New Chat and Switch Model have keys of their own that take none of
// VS Code's default keys.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../../../src/platform/ids';
import { useSimulator } from '../helpers';

interface Keybinding {
  key: string;
  command: string;
  when?: string;
}

/** VS Code's default keybindings (its own and every installed extension's), as its "Default Keybindings" file lists them. */
async function defaultKeybindings(): Promise<Keybinding[]> {
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  const doc = vscode.window.activeTextEditor?.document;
  assert.ok(doc && /keybindings\.json$/.test(doc.uri.path), `the default keybindings are open (${doc?.uri.toString()})`);
  // JSON with comments: drop the comment lines, then parse.
  const text = doc.getText().replace(/^\s*\/\/.*$/gm, '');
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  return JSON.parse(text) as Keybinding[];
}

describe('chat commands: rename, keybindings (integration)', function () {
  this.timeout(60_000);
  const s = useSimulator();

  it('Rename Chat renames the open conversation and a stored one; History lists the new names', async () => {
    await s.api.chat.session.newConversation();
    s.sim.enqueue({ reply: 'An answer.' });
    await s.api.chat.send({ text: 'a question about renaming' });
    const open = s.api.chat.session.conversation;
    assert.equal(await vscode.commands.executeCommand(Commands.renameChat, undefined, '  Renamed   chat '), true);
    assert.equal(open.title, 'Renamed chat', 'spaces tidied');
    const other = open.id;
    await s.api.chat.session.newConversation();
    assert.equal(await vscode.commands.executeCommand(Commands.renameChat, other, 'Renamed again'), true);
    const listed = (await s.api.chat.store.list()).find((c) => c.id === other);
    assert.equal(listed?.title, 'Renamed again');
    assert.equal(await vscode.commands.executeCommand(Commands.renameChat, other, '   '), false, 'an empty name changes nothing');
    assert.equal((await s.api.chat.store.list()).find((c) => c.id === other)?.title, 'Renamed again');
  });

  it('renaming the open conversation survives the next answer (the session saves the new name)', async () => {
    await s.api.chat.session.newConversation();
    s.sim.enqueue({ reply: 'One.' });
    await s.api.chat.send({ text: 'first' });
    const id = s.api.chat.session.conversation.id;
    const stored = await s.api.chat.store.load(id);
    assert.ok(stored);
    await vscode.commands.executeCommand(Commands.renameChat, id, 'Kept name');
    s.sim.enqueue({ reply: 'Two.' });
    await s.api.chat.send({ text: 'second' });
    await s.api.chat.store.flush();
    assert.equal((await s.api.chat.store.load(id))?.title, 'Kept name');
  });

  it('New Chat and Switch Model have keybindings, and take no key VS Code binds by default', async () => {
    const all = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { keybindings: (Keybinding & { mac?: string })[] } }).contributes.keybindings;
    const ours = all.filter((k) => k.command === Commands.newChat || k.command === Commands.selectModel);
    for (const command of [Commands.newChat, Commands.selectModel]) assert.ok(ours.some((k) => k.command === command && k.key && k.mac && !k.when), `${command} has a key on every platform, everywhere`);
    const taken = (await defaultKeybindings()).filter((k) => !k.command.startsWith('tokenhub.') && !k.command.startsWith('-'));
    assert.ok(taken.length > 100, `read VS Code's default keybindings (${taken.length})`);
    const clashes = ours.flatMap((k) => taken.filter((d) => d.key === k.key.toLowerCase()).map((d) => `${k.key}: ${k.command} and ${d.command}${d.when ? ` (when ${d.when})` : ''}`));
    assert.deepEqual(clashes, []);
  });
});
