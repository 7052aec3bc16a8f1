import * as assert from 'node:assert/strict';
import { isAutoRunFile, isSecretFile, isSensitiveFile } from '../../../src/core/safety/sensitiveFiles';

describe('core/safety/sensitiveFiles', () => {
  it('knows the files that hold secrets, in any folder, any case, either separator', () => {
    for (const p of [
      '.env',
      'app/.env',
      'app\\.ENV',
      '.env.local',
      'config/prod.env',
      'certs/server.pem',
      'server.key',
      'keys/id_rsa',
      'id_ed25519.pub',
      '.npmrc',
      '.netrc',
      '.git-credentials',
      'credentials.json',
      '.aws/credentials',
      '/home/u/.ssh/config',
      'secrets.yaml',
      'service-account-prod.json',
    ]) {
      assert.equal(isSecretFile(p), true, p);
    }
  });

  it('leaves ordinary files alone, also ones that only look a bit like secrets', () => {
    for (const p of ['src/env.ts', 'environment.ts', 'keyboard.ts', 'docs/keys.md', 'src/credentials/index.ts', 'README.md', 'id_card.txt', 'package.json', '.envelope', '']) {
      assert.equal(isSecretFile(p), false, p);
    }
  });

  it('knows the files that configure the editor or run code on their own', () => {
    for (const p of ['.vscode/settings.json', 'sub/.vscode/tasks.json', 'team.code-workspace', '.git/hooks/pre-commit', '.git/config', '.devcontainer/devcontainer.json', '.github/workflows/ci.yml']) {
      assert.equal(isAutoRunFile(p), true, p);
      assert.equal(isSensitiveFile(p), true, p);
    }
    for (const p of ['.git/HEAD', '.github/CODEOWNERS', 'src/vscode/ext.ts', 'Makefile', 'package.json', 'config/.git']) {
      assert.equal(isAutoRunFile(p), false, p);
    }
  });
});
