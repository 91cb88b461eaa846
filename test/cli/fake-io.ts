import type { CliIo } from '../../cli/cli-io.ts';

/** A CliIo that records what a command printed, for in-process tests of the CLI. */
export function createFakeIo(options: { cwd: string; env?: Record<string, string> }) {
  const output = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: {
      write: (text) => {
        output.stdout += text;
      },
    },
    stderr: {
      write: (text) => {
        output.stderr += text;
      },
      isTTY: false,
    },
    env: { ...options.env },
    cwd: options.cwd,
    now: () => new Date(Date.UTC(2026, 0, 1)),
  };
  return { io, output };
}
