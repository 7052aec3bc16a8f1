// node-gyp builds code-server's native modules (node-pty, kerberos, argon2...) against the C
// headers of the Node that runs the server. Without npm_config_nodedir it downloads them from
// nodejs.org, which a machine that reaches only the npm registry cannot, and a fresh home folder
// has no npm config that points elsewhere: so the launcher finds them itself, beside that Node
// or in the registry's node-<os>-<arch> package of the same version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log } from './hostLog';

/** The `major.minor.patch` of the Node whose headers are in `dir` (`<dir>/include/node`), if any. */
export function headersVersion(dir: string): string | undefined {
  try {
    const h = fs.readFileSync(path.join(dir, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (name: string) => new RegExp(`#define\\s+NODE_${name}_VERSION\\s+(\\d+)`).exec(h)?.[1];
    const [major, minor, patch] = [part('MAJOR'), part('MINOR'), part('PATCH')];
    if (!major || !minor || !patch || !fs.existsSync(path.join(dir, 'include', 'node', 'node.h'))) return undefined;
    return `${major}.${minor}.${patch}`;
  } catch {
    return undefined;
  }
}

export interface HeaderCandidates {
  /** The Node the server runs on: `process.execPath`, or the node-<os>-<arch> package's binary. */
  readonly node: string;
  /** Its version, without the `v`. */
  readonly version: string;
  /** `npm_config_nodedir` from the environment, if the user set one. */
  readonly configured?: string;
}

/**
 * Where node-gyp finds headers of exactly this Node without going online: a nodedir the user set,
 * else the installation the binary belongs to (`<prefix>/bin/node` beside
 * `<prefix>/include/node`, as in Debian's or NodeSource's nodejs and the registry's node
 * packages). Undefined: take them from the npm registry.
 */
export function localNodeHeaders(c: HeaderCandidates, versionOf: (dir: string) => string | undefined = headersVersion): string | undefined {
  let real = c.node;
  try { real = fs.realpathSync(c.node); } catch { /* as given */ }
  const dirs = [c.configured, path.dirname(path.dirname(c.node)), path.dirname(path.dirname(real))];
  return dirs.find((d): d is string => !!d && versionOf(d) === c.version);
}

/** The npm package that carries the official Node build (and its headers) for this machine. */
export function nodePackageFor(version: string, platform: string = process.platform, arch: string = process.arch): string {
  return `node-${platform}-${arch}@${version}`;
}

/**
 * A folder with the headers of `node` (of `version`) for npm_config_nodedir: found on this
 * machine, else installed by `install(pkg, home)` from the npm registry into `home`.
 */
export async function nodeHeadersDir(node: string, version: string, home: string, install: (pkg: string, home: string) => Promise<void>): Promise<string> {
  const local = localNodeHeaders({ node, version, configured: process.env.npm_config_nodedir || process.env.NPM_CONFIG_NODEDIR });
  if (local) return local;
  const pkg = nodePackageFor(version);
  const dir = path.join(home, 'node_modules', pkg.slice(0, pkg.lastIndexOf('@')));
  log(`  no headers of Node ${version} on this machine: taking them from the npm package ${pkg}`);
  try {
    await install(pkg, home);
  } catch (e) {
    throw new Error(
      `Building code-server's native modules needs the C headers of Node ${version} (the Node at ${node}). ` +
        `They are not installed beside it, and the npm package ${pkg} could not be installed either:\n${e instanceof Error ? e.message : String(e)}\n` +
        'Fix: make sure the npm registry is reachable (npm config get registry), or install Node with its headers ' +
        '(NodeSource\'s nodejs package puts them in /usr/include/node), or set npm_config_nodedir to a folder holding include/node/node.h of that version.',
    );
  }
  if (headersVersion(dir) !== version) throw new Error(`${pkg} did not provide the headers of Node ${version} in ${dir}/include/node`);
  return dir;
}
