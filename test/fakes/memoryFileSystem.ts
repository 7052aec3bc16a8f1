// A small in-memory FileSystemProvider: a folder of "another file system" (as in a virtual
// workspace), where node:fs cannot write, for extension-host tests of code that must cope with one.
import * as vscode from 'vscode';

interface Entry {
  type: vscode.FileType;
  data: Uint8Array;
  ctime: number;
  mtime: number;
}

export class MemoryFileSystem implements vscode.FileSystemProvider {
  private readonly entries = new Map<string, Entry>([['/', { type: vscode.FileType.Directory, data: new Uint8Array(0), ctime: Date.now(), mtime: Date.now() }]]);
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const e = this.get(uri);
    return { type: e.type, ctime: e.ctime, mtime: e.mtime, size: e.data.length };
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const dir = this.get(uri);
    if (dir.type !== vscode.FileType.Directory) throw vscode.FileSystemError.FileNotADirectory(uri);
    const prefix = uri.path === '/' ? '/' : `${uri.path}/`;
    return [...this.entries]
      .filter(([p]) => p !== '/' && p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map(([p, e]) => [p.slice(prefix.length), e.type]);
  }

  createDirectory(uri: vscode.Uri): void {
    if (this.entries.has(uri.path)) throw vscode.FileSystemError.FileExists(uri);
    this.parent(uri);
    this.entries.set(uri.path, { type: vscode.FileType.Directory, data: new Uint8Array(0), ctime: Date.now(), mtime: Date.now() });
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const e = this.get(uri);
    if (e.type !== vscode.FileType.File) throw vscode.FileSystemError.FileIsADirectory(uri);
    return e.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array, options: { create: boolean; overwrite: boolean }): void {
    const existing = this.entries.get(uri.path);
    if (existing && !options.overwrite) throw vscode.FileSystemError.FileExists(uri);
    if (!existing && !options.create) throw vscode.FileSystemError.FileNotFound(uri);
    this.parent(uri);
    this.entries.set(uri.path, { type: vscode.FileType.File, data: content.slice(), ctime: existing?.ctime ?? Date.now(), mtime: Date.now() });
  }

  delete(uri: vscode.Uri): void {
    this.get(uri);
    for (const p of [...this.entries.keys()]) if (p === uri.path || p.startsWith(`${uri.path}/`)) this.entries.delete(p);
  }

  rename(from: vscode.Uri, to: vscode.Uri, options: { overwrite: boolean }): void {
    const e = this.get(from);
    if (this.entries.has(to.path) && !options.overwrite) throw vscode.FileSystemError.FileExists(to);
    this.parent(to);
    this.entries.delete(from.path);
    this.entries.set(to.path, e);
  }

  /** Every file's path (for tests: what is there, temporary files included). */
  files(): string[] {
    return [...this.entries].filter(([, e]) => e.type === vscode.FileType.File).map(([p]) => p).sort();
  }

  private get(uri: vscode.Uri): Entry {
    const e = this.entries.get(uri.path);
    if (!e) throw vscode.FileSystemError.FileNotFound(uri);
    return e;
  }

  private parent(uri: vscode.Uri): void {
    const dir = uri.path.slice(0, uri.path.lastIndexOf('/')) || '/';
    if (this.entries.get(dir)?.type !== vscode.FileType.Directory) throw vscode.FileSystemError.FileNotFound(uri.with({ path: dir }));
  }
}
