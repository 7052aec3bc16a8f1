import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { isSafeConversationId } from '../core/conversation/validate';
import type { Logger } from '../core/log';
import { StorageKeys } from '../platform/ids';

const FILE = '.current';

/**
 * Which conversation the chat shows, so that the next start reopens it. Kept in a small file
 * beside the conversation files, written by the extension host itself: VS Code for the Web keeps
 * `globalState` in the browser and writes it in the background, so a tab closed just after a send
 * could keep the conversation on disk but lose which one was open. `globalState` is still written
 * for a build from before the file, and read while there is no file yet.
 */
export class ConversationPointer {
  private writing: Promise<void> = Promise.resolve();
  private seq = 0;

  constructor(
    private readonly dir: string,
    private readonly state: vscode.Memento,
    private readonly log?: Logger,
  ) {}

  /** The conversation to reopen, if one was open. */
  async get(): Promise<string | undefined> {
    await this.writing;
    let text: string | undefined;
    try {
      text = await fs.promises.readFile(path.join(this.dir, FILE), 'utf8');
    } catch {
      // No file yet (a new profile, or one an older build used): the older place.
    }
    if (text === undefined) return this.state.get<string>(StorageKeys.currentConversation);
    const id = text.trim();
    return isSafeConversationId(id) ? id : undefined;
  }

  /** Remembers `id` as open; resolves once the file holds it. A failed write is logged, not thrown. */
  set(id: string): Promise<void> {
    const stateWrite = this.state.get(StorageKeys.currentConversation) === id ? undefined : this.state.update(StorageKeys.currentConversation, id);
    const write = this.writing.then(() => this.write(id));
    this.writing = write;
    return Promise.all([write, stateWrite]).then(() => undefined);
  }

  private async write(id: string): Promise<void> {
    const tmp = path.join(this.dir, `${FILE}.${process.pid}.${++this.seq}.tmp`);
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      // Written aside and renamed: a crash mid-write leaves the previous pointer, not half of one.
      await fs.promises.writeFile(tmp, id);
      await fs.promises.rename(tmp, path.join(this.dir, FILE));
    } catch (e) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      this.log?.warn(`The open conversation could not be remembered: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
