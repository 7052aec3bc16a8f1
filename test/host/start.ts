// What `npm start` runs (after the preflight and the builds): VS Code in the browser on 127.0.0.1
// with the extension loaded from this folder. Without TOKENHUB_API_KEY it starts the TokenHub
// simulator (paced like a model, answering the code commands with code), points
// `tokenhub.baseUrl` at it and tells the extension host TOKENHUB_SIMULATOR=1 so the extension says
// it is on the simulator; the key is set as a user would (any th-sim-… key works), so a new
// profile opens on the no-key welcome. With TOKENHUB_API_KEY set it talks to the real gateway.
//
// The VS Code profile (history, usage, settings, the stored key) is kept between runs, one per
// host and per backend, so simulated chats and spending never mix with real ones.
//   npm start -- --fresh   a new, empty profile, deleted at exit (or TOKENHUB_FRESH=1)
//   TOKENHUB_PORT=8080     port (default: the one the profile used last, else a free one)
//   TOKENHUB_HOST=1.139    today's VS Code instead of 1.100 (extension installed from a .vsix)
//   TOKENHUB_SIM_PACE=off  the simulator answers at once (see test/simulator/pacing.ts)
//   TOKENHUB_START_PROFILE=<dir>   where profiles are kept (default ${XDG_STATE_HOME:-~/.local/state}/tokenhub-vscode/npm-start)
// The workspace also holds the agent demo (agentDemo.ts) for the simulator's [[agent:…]] scenarios.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_KEY_ENV, Settings } from '../../src/platform/ids';
import { isLoopbackUrl } from '../../src/core/endpoint';
import { writeAgentDemo } from '../simulator/agentDemo';
import { parsePacing } from '../simulator/pacing';
import type { Pacing } from '../simulator/pacing';
import { Simulator } from '../simulator/server';
import { freePort, readSettings, startCodeServer } from './codeServer';
import { parseHost } from './codeServerInstall';
import type { HostVersion } from './codeServerInstall';
import { log } from './hostLog';
import { PROJECT_ROOT, packageExtension } from './vsix';

const BASE_URL_SETTING = `${Settings.section}.${Settings.baseUrl}`;

/** A key to type into Set API Key when on the simulator (any th-sim-… works). */
export const EXAMPLE_SIM_KEY = 'th-sim-try-me';

const SAMPLES: Record<string, string> = {
  'sample.ts': `// A sample file to try TokenHub on: select a function, then right-click → TokenHub.
export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

export function parseCsvLine(line: string): string[] {
  return line.split(',').map((cell) => cell.trim());
}
`,
  'sample.py': `# A sample file to try TokenHub on: select a function, then right-click → TokenHub.
def mean(values):
    if values == None:
        return 0
    return sum(values) / len(values)
`,
  'sample.go': `// A sample file to try TokenHub on: select a function, then right-click → TokenHub.
package sample

func Fibonacci(n int) int {
	if n < 2 {
		return n
	}
	return Fibonacci(n-1) + Fibonacci(n-2)
}
`,
};

export interface StartPlan {
  readonly host: HostVersion;
  /** A throwaway profile instead of the kept one. */
  readonly fresh: boolean;
  /** The real gateway's key (TOKENHUB_API_KEY); undefined: the simulator. */
  readonly realKey?: string;
  /** The simulator's pacing (undefined: at once). */
  readonly pacing?: Pacing;
  /** Where the kept profile lives (also for a fresh run, to say where it is). */
  readonly profileDir: string;
  /** TOKENHUB_PORT, when given. */
  readonly port?: number;
}

/** What a run of `npm start` does, from its arguments and environment. */
export function startPlan(argv: readonly string[], env: NodeJS.ProcessEnv, home: string = os.homedir()): StartPlan {
  const unknown = argv.filter((a) => a !== '--fresh');
  if (unknown.length) throw new Error(`npm start: unknown argument ${unknown.join(' ')} (known: --fresh)`);
  const host = parseHost(env.TOKENHUB_HOST);
  const realKey = env[API_KEY_ENV]?.trim() || undefined;
  const fresh = argv.includes('--fresh') || /^(1|true|yes)$/i.test(env.TOKENHUB_FRESH ?? '');
  const root = env.TOKENHUB_START_PROFILE || path.join(env.XDG_STATE_HOME || path.join(home, '.local', 'state'), 'tokenhub-vscode', 'npm-start');
  const port = env.TOKENHUB_PORT ? Number(env.TOKENHUB_PORT) : undefined;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`TOKENHUB_PORT="${env.TOKENHUB_PORT}" is not a port number`);
  return {
    host,
    fresh,
    realKey,
    pacing: realKey ? undefined : parsePacing(env.TOKENHUB_SIM_PACE),
    profileDir: path.join(root, `${host}-${realKey ? 'gateway' : 'simulator'}`),
    port,
  };
}

interface ProfileState {
  port?: number;
  simulatorPort?: number;
}

function readState(file: string): ProfileState {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ProfileState;
  } catch {
    return {};
  }
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The port used last (the browser keeps the stored key per origin), when it is free. */
async function reusePort(port: number | undefined): Promise<number | undefined> {
  return port && (await portIsFree(port)) ? port : undefined;
}

async function startSimulator(port: number | undefined, pacing: Pacing | undefined): Promise<Simulator> {
  try {
    return await Simulator.start({ port, pacing, answers: 'realistic' });
  } catch (e) {
    if (port === undefined) throw e;
    return Simulator.start({ pacing, answers: 'realistic' });
  }
}

async function main(): Promise<void> {
  const plan = startPlan(process.argv.slice(2), process.env);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-start-'));
  const profile = plan.fresh ? path.join(temp, 'profile') : plan.profileDir;
  const isNew = !fs.existsSync(path.join(profile, 'user'));
  const stateFile = path.join(profile, 'state.json');
  const state = readState(stateFile);
  const workspace = path.join(profile, 'sample');
  fs.mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(SAMPLES)) if (!fs.existsSync(path.join(workspace, name))) fs.writeFileSync(path.join(workspace, name), text);
  // The agent demo, for the simulator's [[agent:…]] scenarios (left as the user's earlier tasks left it).
  if (!fs.existsSync(path.join(workspace, 'a.ts'))) writeAgentDemo(workspace);

  const simulator = plan.realKey ? undefined : await startSimulator(await reusePort(state.simulatorPort), plan.pacing);
  // On the gateway, a base URL a simulator run left behind must not be used.
  const keptBaseUrl = readSettings(path.join(profile, 'user', 'User', 'settings.json'))[BASE_URL_SETTING];
  const settings: Record<string, unknown> = simulator
    ? { [BASE_URL_SETTING]: simulator.baseUrl }
    : typeof keptBaseUrl === 'string' && isLoopbackUrl(keptBaseUrl)
      ? { [BASE_URL_SETTING]: undefined }
      : {};
  const vsix = plan.host === '1.100' ? [] : [await packageExtension(path.join(temp, 'tokenhub-vscode.vsix'))];
  const server = await startCodeServer({
    host: plan.host,
    workspace,
    vsix,
    port: plan.port ?? (await reusePort(state.port)) ?? (await freePort()),
    settings,
    userDataDir: path.join(profile, 'user'),
    // The key is not handed over: the user sets one, as with the real gateway.
    env: simulator ? { TOKENHUB_SIMULATOR: '1' } : {},
    label: 'tokenhub-start',
  });
  if (!plan.fresh) fs.writeFileSync(stateFile, JSON.stringify({ port: server.port, simulatorPort: simulator?.port }, null, 2));
  const url = plan.host === '1.100' ? server.url([['extensionDevelopmentPath', server.remoteUri(PROJECT_ROOT)]]) : server.url();

  console.log('');
  if (simulator) {
    console.log(`TokenHub SIMULATOR at ${simulator.baseUrl}: not the real gateway, nothing is charged.`);
    console.log(`  API key: any key that starts with th-sim- works, for example ${EXAMPLE_SIM_KEY} (TokenHub icon → Set API Key).`);
    console.log(
      plan.pacing
        ? `  Answers stream at ${plan.pacing.tokensPerSecond} tokens/s after ${plan.pacing.firstTokenMs} ms (TOKENHUB_SIM_PACE=off answers at once).`
        : '  Answers arrive at once (TOKENHUB_SIM_PACE=off).',
    );
    console.log('  In agent mode, "[[agent:rename]] rename oldName" plays an agent (other scenarios: CONTRIBUTING.md).');
    console.log(`  Set ${API_KEY_ENV} to use the real gateway instead.`);
  } else {
    console.log(`Using the real TokenHub gateway with the key from ${API_KEY_ENV}.`);
  }
  console.log(`VS Code ${server.installation.spec.vscode} (code-server ${server.installation.spec.codeServer}).`);
  if (plan.fresh) console.log(`A fresh profile, deleted when you stop (the kept one is in ${plan.profileDir}).`);
  else console.log(`Profile ${isNew ? 'created' : 'kept'} in ${profile}: history, usage, settings and the key survive a restart; \`npm start -- --fresh\` starts with an empty one.`);
  console.log('');
  console.log(`Open this URL in a browser:\n\n  ${url}\n`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    await server.close();
    await simulator?.close();
    fs.rmSync(temp, { recursive: true, force: true });
    fs.rmSync(server.root, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  const exit = await server.exited;
  if (!stopping) {
    console.error(`code-server exited (${exit}); its output:\n${server.output().split('\n').slice(-30).join('\n')}`);
    await stop(1);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
