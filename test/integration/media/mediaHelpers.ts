// What the media integration suites share: the models, the media folder and what the simulator saw.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { StorageKeys } from '../../../src/platform/ids';
import type { GenerationRecord } from '../../../src/core/media/records';
import type { MediaFeature } from '../../../src/media/mediaFeature';
import { closeAllEditors, useSimulator } from '../helpers';

export const IMAGE_MODEL = 'bytedance/doubao-seedream-5.0';
export const VIDEO_MODEL = 'bytedance/doubao-seedance-2.0';
export const FAST = { initialMs: 10, factor: 1.5, maxMs: 40 };

export function mediaFolder(): vscode.Uri {
  const ws = vscode.workspace.workspaceFolders?.[0];
  assert.ok(ws, 'the integration host opens a workspace folder');
  return vscode.Uri.joinPath(ws.uri, 'tokenhub-media');
}

/** Every file in the media folder (hidden temporary ones included). */
export async function listMedia(): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(mediaFolder())).map(([n]) => n).sort();
  } catch {
    return [];
  }
}

export function openTabUris(): string[] {
  const out: string[] = [];
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input as { uri?: vscode.Uri } | undefined;
      if (input?.uri) out.push(input.uri.toString());
    }
  }
  return out;
}

/** What a reload would resume: the pending tasks in global state. */
export function storedPending(state: vscode.Memento): GenerationRecord[] {
  return (state.get<GenerationRecord[]>(StorageKeys.pendingVideoTasks) ?? []).filter((r) => r.status === 'pending');
}

export function pick(body: unknown, keys: string[]): Record<string, unknown> {
  const o = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

export function videoGets(sim: { requests: { method: string; path: string }[] }, id: string): number {
  return sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/videos/generations/${id}`)).length;
}

/**
 * A media suite's setup: the simulator, the media feature polling fast, and every editor closed
 * after each test. `media()` is the feature once the suite has started.
 */
export function useMediaSuite(): { session: ReturnType<typeof useSimulator>; media: () => MediaFeature } {
  const session = useSimulator();
  let media: MediaFeature | undefined;
  before(() => {
    media = session.api.media;
    media.setPolling(FAST);
  });
  afterEach(async () => {
    await closeAllEditors();
  });
  return { session, media: () => media! };
}
