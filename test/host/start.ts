// What `npm start` runs (after the builds): VS Code in the browser on 127.0.0.1 with the extension
// loaded from this folder. Without TOKENHUB_API_KEY it starts the TokenHub simulator, points
// `tokenhub.baseUrl` at it and gives the extension its key through the environment, so every
// feature works with no account; the extension host gets TOKENHUB_SIMULATOR=1 so the extension
// says it is on the simulator. With TOKENHUB_API_KEY set it talks to the real gateway.
//   TOKENHUB_PORT=8080     port (default: a free one)
//   TOKENHUB_HOST=1.139    today's VS Code instead of 1.100 (extension installed from a .vsix)
// The workspace also holds the agent demo (agentDemo.ts) for the simulator's [[agent:…]] scenarios.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_KEY_ENV, Settings } from '../../src/platform/ids';
import { writeAgentDemo } from '../simulator/agentDemo';
import { Simulator } from '../simulator/server';
import { log, parseHost, startCodeServer } from './codeServer';
import { PROJECT_ROOT, packageExtension } from './vsix';

const SAMPLE = `// A sample file to try TokenHub on: select a function, then right-click → TokenHub.
export function fibonacci(n: number): number {
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

export function parseCsvLine(line: string): string[] {
  return line.split(',').map((cell) => cell.trim());
}
`;

async function main(): Promise<void> {
  const host = parseHost(process.env.TOKENHUB_HOST);
  const realKey = process.env[API_KEY_ENV]?.trim();
  const simulator = realKey ? undefined : await Simulator.start();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-start-'));
  const workspace = path.join(root, 'sample');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'sample.ts'), SAMPLE);
  writeAgentDemo(workspace);

  const vsix = host === '1.100' ? [] : [await packageExtension(path.join(root, 'tokenhub-vscode.vsix'))];
  const server = await startCodeServer({
    host,
    workspace,
    vsix,
    port: process.env.TOKENHUB_PORT ? Number(process.env.TOKENHUB_PORT) : undefined,
    settings: simulator ? { [`${Settings.section}.${Settings.baseUrl}`]: simulator.baseUrl } : {},
    env: simulator ? { TOKENHUB_SIMULATOR: '1', [API_KEY_ENV]: simulator.apiKey } : {},
    label: 'tokenhub-start',
  });
  const url = host === '1.100' ? server.url([['extensionDevelopmentPath', server.remoteUri(PROJECT_ROOT)]]) : server.url();

  console.log('');
  if (simulator) {
    console.log(`TokenHub SIMULATOR at ${simulator.baseUrl} (not the real gateway; key ${simulator.apiKey}).`);
    console.log(`  The extension uses it through tokenhub.baseUrl; set ${API_KEY_ENV} to use the real gateway instead.`);
    console.log('  In agent mode, "[[agent:rename]] rename oldName" plays an agent (other scenarios: CONTRIBUTING.md).');
  } else {
    console.log(`Using the real TokenHub gateway with the key from ${API_KEY_ENV}.`);
  }
  console.log(`VS Code ${server.installation.spec.vscode} (code-server ${server.installation.spec.codeServer}), user data in ${server.userDataDir}`);
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
    fs.rmSync(root, { recursive: true, force: true });
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

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
