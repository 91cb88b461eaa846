/** Where the CLI writes and what it reads from its surroundings (a test can pass its own). */
export type CliIo = {
  /** Results only (tables, JSON): what a script pipes on. */
  stdout: { write: (text: string) => void };
  /** Progress, notes and errors, so `--json` output on stdout stays parseable. */
  stderr: { write: (text: string) => void; isTTY: boolean };
  /** Environment variables; `--region` and `--profile` are written here for the AWS SDK. */
  env: Record<string, string | undefined>;
  /** Directory relative paths and the default `policy.yml` are resolved from. */
  cwd: string;
  /** The moment plans and decisions are made for. */
  now: () => Date;
};

/** The real process's streams, environment and clock. */
export function createProcessIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: {
      write: (text) => process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
    },
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** Writes lines, each ending in a newline. */
export function writeLines(
  sink: { write: (text: string) => void },
  lines: readonly string[],
): void {
  if (lines.length > 0) sink.write(`${lines.join('\n')}\n`);
}
