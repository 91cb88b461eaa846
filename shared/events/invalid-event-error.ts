/**
 * Thrown when an incoming event payload does not match its schema.
 *
 * Stand-in until the project's error family (`shared/errors.ts`, owned by the integrator) exists:
 * same contract (`name`, `code`, `issues`, `cause`), so the integrator can re-export it from there
 * or make it extend `AutopilotError` without touching callers.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  readonly code = 'invalid-event' as const;
  /** Every problem found, one line each, `path: message` (never the offending values). */
  readonly issues: string[];

  constructor(message: string, issues: string[], options?: { cause?: unknown }) {
    super(`${message}: ${issues.join('; ')}`, options);
    this.issues = issues;
  }
}
