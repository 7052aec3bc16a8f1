import { spawn } from 'node:child_process';

// Running ripgrep and reading its output line by line, with no `vscode` import: the benches and
// unit tests run it in plain Node. Finding the binary and the user's excludes is ./ripgrep's job.

export interface RipgrepRun {
  /** The lines ripgrep printed, up to the cap. */
  lines: string[];
  /** More lines were there: the process was stopped at the cap. */
  capped: boolean;
  /** ripgrep's own error, when it failed (exit code 2 with nothing found). */
  error?: string;
}

/**
 * Runs ripgrep in `cwd` with `args`, reading its output line by line until `maxLines`; then
 * stops it. Exit code 1 (nothing found) is not an error.
 */
export function runRipgrep(rg: string, args: readonly string[], cwd: string, maxLines: number, signal: AbortSignal): Promise<RipgrepRun> {
  return new Promise((resolve) => {
    const child = spawn(rg, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const lines: string[] = [];
    let capped = false;
    let rest = '';
    let stderr = '';
    const stop = () => child.kill();
    signal.addEventListener('abort', stop, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (capped) return;
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        if (lines.length >= maxLines) {
          capped = true;
          child.kill();
          return;
        }
        lines.push(line.replace(/\r$/, ''));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    const done = (code: number | null, error?: string) => {
      signal.removeEventListener('abort', stop);
      if (!capped && rest && lines.length < maxLines) lines.push(rest);
      const failed = !capped && !signal.aborted && code !== 0 && code !== 1;
      resolve({ lines, capped, ...(failed || error ? { error: error ?? (stderr.trim() || `ripgrep exited with code ${code}`) } : {}) });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code) => done(code));
  });
}
