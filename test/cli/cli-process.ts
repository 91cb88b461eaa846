import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulatorEnvironment } from '../../simulator/environment.ts';

const root = join(import.meta.dirname, '../..');
/** The Node.js 22 `npm ci` installs: it strips the CLI's TypeScript types natively. */
const node = join(root, 'node_modules/.bin/node');
/** The file package.json's `bin` names. */
export const CLI_MAIN = join(root, 'cli/main.ts');

/** What one CLI process printed and how it ended. */
export type CliResult = { code: number; stdout: string; stderr: string };

/**
 * Runs the CLI as a child process, the way `npx ecs-autopilot …` does, against the simulator at
 * `endpoint` (or no endpoint at all). The environment is built from scratch, with a HOME of its
 * own, so no AWS profile, Region or key of the machine running the tests can leak in.
 * Asynchronous on purpose: the simulator answers from this test's own event loop.
 */
export function runCliProcess(
  args: readonly string[],
  options: { endpoint?: string; env?: Record<string, string>; stdin?: string } = {},
): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: mkdtempSync(join(tmpdir(), 'autopilot-cli-home-')),
    ...(options.endpoint === undefined ? {} : simulatorEnvironment(options.endpoint)),
    ...options.env,
  };
  return new Promise((resolve) => {
    const child = execFile(
      node,
      [CLI_MAIN, ...args],
      { env, cwd: root },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
    // Standard input is closed at once (empty unless given), so no command waits on a terminal.
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Actions the simulator answered that are not reads (List*, Describe*, Get*). */
export function writeActions(calls: readonly { action: string }[]): string[] {
  return calls.map((call) => call.action).filter((action) => !/^(List|Describe|Get)/.test(action));
}
