/**
 * The command line itself is wrong (unknown command or option, missing or extra argument).
 * The CLI prints the message and a pointer to `--help`, and exits with status 2, so scripts can
 * tell a mistyped call from a failed one (status 1).
 */
export class UsageError extends Error {
  /** The command whose help explains the right usage (`plan prune`, or `` for the top level). */
  readonly command: string;

  constructor(message: string, command: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
