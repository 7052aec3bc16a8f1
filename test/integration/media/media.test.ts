// Image generation in the real extension host, against the simulator.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/platform/ids';
import { sniffImage } from '../../../src/core/media/sniff';
import { contextValueOf } from '../../../src/media/generationsView';
import { waitFor } from '../helpers';
import { useMediaSuite, IMAGE_MODEL, listMedia, mediaFolder, openTabUris, pick } from './mediaHelpers';

describe('media: image generation', function () {
  this.timeout(60_000);
  const suite = useMediaSuite();
  const session = suite.session;


  it('generates images from URL answers, saves them under new names and opens them', async () => {
    const before = await listMedia();
    const uris = await vscode.commands.executeCommand<vscode.Uri[]>(Commands.generateImage, { prompt: 'A red fox in the snow', model: IMAGE_MODEL, size: '1024x1024', n: 2 });
    assert.equal(uris.length, 2);
    const req = session.sim.requests.find((r) => r.method === 'POST' && r.path.endsWith('/images/generations'));
    assert.deepEqual(pick(req?.body, ['model', 'prompt', 'n', 'size']), { model: IMAGE_MODEL, prompt: 'A red fox in the snow', n: 2, size: '1024x1024' });
    for (const uri of uris) {
      assert.ok(uri.toString().startsWith(mediaFolder().toString() + '/'), uri.toString());
      assert.match(uri.path, /\d{8}-\d{6}-a-red-fox-in-the-snow(-\d+)?\.png$/);
      const bytes = await vscode.workspace.fs.readFile(uri);
      assert.equal(sniffImage(bytes)?.ext, 'png');
    }
    assert.notEqual(uris[0].toString(), uris[1].toString());
    const after = await listMedia();
    assert.equal(after.length, before.length + 2);
    assert.ok(!after.some((n) => n.endsWith('.part')), `no temporary files left: ${after.join(', ')}`);
    await waitFor(() => uris.every((u) => openTabUris().includes(u.toString())), 10_000, 'both images to be open in editors');
    const rec = suite.media().generations.find((r) => r.kind === 'image' && r.files.includes(uris[0].toString()));
    assert.equal(rec?.status, 'done');
    assert.equal(rec?.cost, 0.07, 'the cost the gateway reported');
    assert.equal(contextValueOf(rec!), 'generation-done');
  });

  it('handles b64_json answers and never overwrites an existing file', async () => {
    const first = await suite.media().generateImage({ prompt: 'Same name', model: IMAGE_MODEL, responseFormat: 'b64_json', open: false });
    const firstBytes = await vscode.workspace.fs.readFile(first[0]);
    const second = await suite.media().generateImage({ prompt: 'Same name', model: IMAGE_MODEL, responseFormat: 'b64_json', open: false });
    assert.equal(first.length, 1);
    assert.equal(second.length, 1);
    assert.notEqual(first[0].toString(), second[0].toString());
    assert.deepEqual(await vscode.workspace.fs.readFile(first[0]), firstBytes);
    assert.equal(sniffImage(await vscode.workspace.fs.readFile(second[0]))?.ext, 'png');
    assert.equal(session.sim.requests.filter((r) => (r.body as { response_format?: string } | undefined)?.response_format === 'b64_json').length, 2);
  });

  it('a model the gateway refuses leaves no file and a failed entry with the reason', async () => {
    const before = await listMedia();
    assert.deepEqual(await suite.media().generateImage({ prompt: 'Refused model', model: 'nobody/no-such-model', open: false }), []);
    assert.deepEqual(await listMedia(), before);
    const rec = suite.media().generations.find((r) => r.prompt === 'Refused model');
    assert.equal(rec?.status, 'failed');
    assert.ok((rec?.error ?? '').length > 10, rec?.error);
  });

  it('/image answers with markdown that shows the saved file', async () => {
    const progress: string[] = [];
    const token = new vscode.CancellationTokenSource();
    const { markdown: md } = await suite.media().imageSlashCommand.run('a lighthouse [at] dawn', (m) => progress.push(m), token.token);
    const match = /^!\[a lighthouse \\\[at\\\] dawn\]\((file:[^)]+\.png)\)$/.exec(md);
    assert.ok(match, md);
    const uri = vscode.Uri.parse(match[1]);
    assert.equal(sniffImage(await vscode.workspace.fs.readFile(uri))?.ext, 'png');
    assert.ok(progress.length > 0);
  });
});
