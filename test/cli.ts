import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `amends` command as users run it (the built bundle when fresh, see bin/amends.js). */
export const AMENDS_BIN = fileURLToPath(new URL('../bin/amends.js', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `amends` with only PATH and `env` in its environment, without blocking, so independent runs
 * can overlap: each start of the binary is most of a second of CPU.
 */
export function runAmends(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [AMENDS_BIN, ...args], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', AMENDS_DEMO: 'false', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Maps `items` through `fn` two at a time, in order: on two cores that uses an idle core without
 * starving the test file running beside it.
 */
export async function inPairs<T, R>(items: T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += 2) {
    results.push(...(await Promise.all(items.slice(i, i + 2).map(fn))));
  }
  return results;
}
