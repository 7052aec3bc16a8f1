import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AGENT_DEMO_FILES, OUTSIDE_TEXT, writeAgentDemo } from './agentDemo';
import { RENAME_FILES, RENAME_FROM, RENAME_TO } from './agentScenarios';

describe('Simulator agent scenarios: the demo workspace of npm start', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-demo-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes the files, and the escapes point at real files outside the folder', () => {
    const folder = path.join(root, 'sample');
    fs.mkdirSync(folder);
    writeAgentDemo(folder);
    for (const [rel, text] of Object.entries(AGENT_DEMO_FILES)) assert.equal(fs.readFileSync(path.join(folder, rel), 'utf8'), text, rel);
    assert.equal(fs.readFileSync(path.join(folder, '..', 'outside.txt'), 'utf8'), OUTSIDE_TEXT);
    if (fs.existsSync(path.join(folder, 'link-out'))) {
      assert.equal(fs.realpathSync(path.join(folder, 'link-out', 'secret.txt')).startsWith(fs.realpathSync(folder)), false);
    }
  });

  it('its npm test fails while oldName is used and passes after the rename', () => {
    const folder = path.join(root, 'sample');
    fs.mkdirSync(folder);
    writeAgentDemo(folder);
    const check = () => spawnSync(process.execPath, ['check.js'], { cwd: folder, encoding: 'utf8' });
    const before = check();
    assert.equal(before.status, 1);
    assert.match(before.stderr, /oldName is still used in a\.ts, b\.ts, c\.ts/);
    for (const f of RENAME_FILES) {
      const p = path.join(folder, f);
      fs.writeFileSync(p, fs.readFileSync(p, 'utf8').split(RENAME_FROM).join(RENAME_TO));
    }
    const after = check();
    assert.equal(after.status, 0, after.stderr);
    assert.equal(JSON.parse(AGENT_DEMO_FILES['package.json']).scripts.test, 'node check.js');
  });
});
