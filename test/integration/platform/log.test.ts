// The extension's log in the real extension host: what reaches the TokenHub Output channel (the
// log file VS Code writes for it) never holds the key, whatever the key's shape, and the key the
// extension reads is also masked in errors shown to the user.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { describeError } from '../../../src/platform/errorMessages';
import { ExtensionLog } from '../../../src/platform/log';
import { useSimulator, waitFor } from '../helpers';

/** The file VS Code writes the extension's "TokenHub" log channel to. */
function logFile(logUri: vscode.Uri): string {
  return path.join(logUri.fsPath, 'TokenHub.log');
}

async function linesWith(file: string, marker: string, count: number): Promise<string[]> {
  return waitFor(
    () => {
      const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(marker)) : [];
      return lines.length >= count ? lines : undefined;
    },
    10_000,
    `${count} line(s) with ${marker} in ${file} (the folder holds: ${fs.existsSync(path.dirname(file)) ? fs.readdirSync(path.dirname(file)).join(', ') : 'nothing'})`,
  );
}

describe('common/log: the Output channel never shows the key, whatever its shape', function () {
  this.timeout(30_000);
  // A company gateway's key: no pattern knows its shape, only its value can hide it.
  const key = `corp.gw/${randomBytes(8).toString('hex')}+Zm9v==`;
  const session = useSimulator({ apiKey: key });

  it('masks the stored key in every line the extension writes, at each level shown', async () => {
    const api = session.api;
    const log = api.services.log;
    // The client reads the key (and tells the log) when it makes a request.
    await api.services.client.listModels();
    const marker = `redaction-${randomBytes(4).toString('hex')}`;
    log.info(`${marker} info: sent ${key}`);
    log.warn(`${marker} warn: ${encodeURIComponent(key)} in a URL`);
    log.error(`${marker} error: Authorization: Bearer ${key}`);
    const lines = await linesWith(logFile(api.services.context.logUri), marker, 3);
    for (const line of lines) {
      assert.ok(!line.includes(key) && !line.includes(encodeURIComponent(key)) && !line.includes(key.slice(8, 24)), line);
      assert.match(line, /\[redacted\]/);
    }
  });

  it('masks a key only just typed (Set API Key checks it before storing it)', async () => {
    const api = session.api;
    const other = `local ${randomBytes(8).toString('hex')}`;
    // A refused key: the check fails, the key was never stored, yet the log knows it.
    await assert.rejects(api.services.client.validateKey(other));
    const marker = `typed-${randomBytes(4).toString('hex')}`;
    api.services.log.warn(`${marker} the check of ${other} failed`);
    const [line] = await linesWith(logFile(api.services.context.logUri), marker, 1);
    assert.ok(!line!.includes(other.slice(6)), line);
    assert.match(line!, /the check of \[redacted\] failed/);
  });

  it('tells every redact in the process: an error shown to the user hides the key too', () => {
    // This file's own copy of the modules (the extension runs its bundle, with its own state).
    const log = new ExtensionLog('TokenHub redaction test');
    try {
      const other = `gw ${randomBytes(8).toString('hex')}`;
      const error = new Error(`something failed near ${other}`);
      assert.ok(describeError(error).message.includes(other), 'hidden before the log was told the key');
      log.addSecret(other);
      const shown = describeError(error).message;
      assert.ok(!shown.includes(other), shown);
      assert.match(shown, /something failed near \[redacted\]/);
    } finally {
      log.dispose();
    }
  });

  it('the log file is where the tests look: a line written now appears there', async () => {
    const api = session.api;
    const marker = `plain-${randomBytes(4).toString('hex')}`;
    api.services.log.info(`${marker} nothing secret`);
    const [line] = await linesWith(logFile(api.services.context.logUri), marker, 1);
    assert.match(line!, /nothing secret/);
  });
});
