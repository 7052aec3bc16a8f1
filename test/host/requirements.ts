// What the launchers need from Debian, checked before they start: a missing package is named
// together with the command that installs it, instead of surfacing as a compiler error deep in
// code-server's install log or as a browser that will not launch.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type RequirementId = 'ripgrep' | 'g++' | 'make' | 'python3' | 'libkrb5-dev' | 'chromium';

/** How the machine is looked at (replaced in tests). */
export interface Probe {
  onPath(command: string): boolean;
  exists(file: string): boolean;
}

interface Requirement {
  /** The Debian package that provides it. */
  readonly pkg: string;
  /** Why the launchers need it, said to the user. */
  readonly why: string;
  present(probe: Probe, chromium: string): boolean;
}

const REQUIREMENTS: Record<RequirementId, Requirement> = {
  ripgrep: { pkg: 'ripgrep', why: "VS Code's search (its npm package would download rg from the internet)", present: (p) => p.onPath('rg') },
  'g++': { pkg: 'g++', why: "node-gyp compiles code-server's native modules", present: (p) => p.onPath('g++') },
  make: { pkg: 'make', why: "node-gyp compiles code-server's native modules", present: (p) => p.onPath('make') },
  python3: { pkg: 'python3', why: 'node-gyp runs on Python', present: (p) => p.onPath('python3') },
  'libkrb5-dev': {
    pkg: 'libkrb5-dev',
    why: "code-server's kerberos module is built against its headers",
    present: (p) => p.onPath('krb5-config') || p.exists('/usr/include/gssapi/gssapi.h'),
  },
  chromium: { pkg: 'chromium', why: 'the browser the webview and end-to-end tests drive', present: (p, chromium) => p.exists(chromium) },
};

/** What installing a code-server host needs. */
export const HOST_BUILD: readonly RequirementId[] = ['ripgrep', 'g++', 'make', 'python3', 'libkrb5-dev'];

export function systemProbe(pathVar = process.env.PATH ?? ''): Probe {
  const dirs = pathVar.split(path.delimiter).filter(Boolean);
  return {
    onPath: (command) =>
      dirs.some((d) => {
        try {
          fs.accessSync(path.join(d, command), fs.constants.X_OK);
          return true;
        } catch {
          return false;
        }
      }),
    exists: (file) => fs.existsSync(file),
  };
}

/** The Debian packages among `needs` that this machine lacks, with why each is needed. */
export function missingPackages(needs: readonly RequirementId[], probe: Probe = systemProbe(), chromium = process.env.TOKENHUB_CHROMIUM ?? '/usr/bin/chromium'): { pkg: string; why: string }[] {
  const out: { pkg: string; why: string }[] = [];
  for (const id of needs) {
    const r = REQUIREMENTS[id];
    if (!r.present(probe, chromium) && !out.some((o) => o.pkg === r.pkg)) out.push({ pkg: r.pkg, why: r.why });
  }
  return out;
}

/** The message for missing packages: what is missing, why, and the one command that installs them all. */
export function missingPackagesMessage(purpose: string, missing: readonly { pkg: string; why: string }[]): string {
  const lines = missing.map((m) => `  ${m.pkg}: ${m.why}`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return [
    `${purpose} needs Debian packages this machine does not have:`,
    ...lines,
    `Install them with:  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.map((m) => m.pkg).join(' ')}`,
  ].join('\n');
}

/** Throws an actionable error when any of `needs` is missing. */
export function requirePackages(purpose: string, needs: readonly RequirementId[], probe?: Probe): void {
  const missing = missingPackages(needs, probe);
  if (missing.length) throw new Error(missingPackagesMessage(purpose, missing));
}
