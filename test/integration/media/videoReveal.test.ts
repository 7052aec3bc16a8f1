// After a video is generated the side bar stays where the user has it (here: the TokenHub chat);
// the video opens in an editor, and the Explorer shows it only when asked (Reveal in Explorer).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands, Views } from '../../../src/platform/ids';
import { closeAllEditors, useSimulator, waitFor } from '../helpers';

const VIDEO_MODEL = 'bytedance/doubao-seedance-2.0';

describe('media: a finished video does not move the side bar', function () {
  this.timeout(60_000);
  const s = useSimulator();

  before(() => s.api.media.setPolling({ initialMs: 10, factor: 1.5, maxMs: 40 }));
  afterEach(async () => {
    await closeAllEditors();
  });

  it('the chat stays in view while the video opens in an editor, and the file gets a name of whole words', async () => {
    await vscode.commands.executeCommand(`${Views.chat}.focus`);
    await waitFor(() => s.api.chat.view.visible, 30_000, 'the chat view to be visible');
    s.sim.enqueue({ match: { method: 'POST', path: '/videos/generations' }, videoStatuses: ['queued', 'running', 'succeeded'] });
    const [uri] = await vscode.commands.executeCommand<vscode.Uri[]>(Commands.generateVideo, {
      prompt: 'A golden retriever on a beach at sunset eating ice cream',
      model: VIDEO_MODEL,
      duration: 5,
    });
    assert.ok(uri, 'a video was saved');
    await waitFor(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => (t.input as { uri?: vscode.Uri })?.uri?.toString() === uri.toString()),
      10_000,
      'the video to be open',
    );
    assert.equal(s.api.chat.view.visible, true, 'the side bar still shows the chat (it used to switch to the Explorer)');
    assert.match(uri.path, /-a-golden-retriever-on-a-beach-at-sunset\.mp4$/);
  });
});
