/** Runs `npm start`'s script as a child process, the way a user does, and collects its output. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../../..');

export type StartResult = { code: number; stdout: string; stderr: string };

/** `node scripts/start.ts ARGS` on the project's Node 22, colours off. */
export function runStart(args: readonly string[], timeoutMs = 120_000): Promise<StartResult> {
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules/.bin/node'),
      [join(root, 'scripts/start.ts'), ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** True when the text holds a JavaScript stack frame (`    at fn (file:line)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+(:\d+:\d+\)?|\(node:)/m.test(text);
}
