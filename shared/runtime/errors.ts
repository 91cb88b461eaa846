/**
 * The project's one error family. Every error a function raises on purpose is an
 * {@link AutopilotError}: it has a stable `code` for logs, metrics and the dead-letter queue,
 * and keeps whatever caused it as `cause`.
 */

export const ErrorCodes = {
  invalidConfig: 'invalid-config',
  invalidEvent: 'invalid-event',
  awsCall: 'aws-call-failed',
  throttled: 'throttled',
  notFound: 'not-found',
  partialFailure: 'partial-failure',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/** Base of every error the project raises deliberately. */
export class AutopilotError extends Error {
  readonly code: ErrorCode;
  /** Transient errors are worth retrying (the trigger's retry or a later run). */
  readonly transient: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; transient?: boolean } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AutopilotError';
    this.code = code;
    this.transient = options.transient ?? false;
  }
}

/** The policy document is invalid. Lists every problem at once, each with its path. */
export class InvalidConfigError extends AutopilotError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options: { cause?: unknown; source?: string } = {}) {
    const where = options.source ? ` (${options.source})` : '';
    super(
      ErrorCodes.invalidConfig,
      `Invalid policy${where}: ${problems.length} problem(s):\n- ${problems.join('\n- ')}`,
      { cause: options.cause },
    );
    this.name = 'InvalidConfigError';
    this.problems = problems;
  }
}

/** An incoming event does not have the shape the function needs. Never retried: preserved instead. */
export class InvalidEventError extends AutopilotError {
  readonly issues: readonly string[];

  constructor(issues: readonly string[], options: { cause?: unknown } = {}) {
    super(ErrorCodes.invalidEvent, `Invalid event: ${issues.join('; ')}`, { cause: options.cause });
    this.name = 'InvalidEventError';
    this.issues = issues;
  }
}

/**
 * What an AWS failure means for the caller, decided once where the SDK error is caught:
 * - `throttled`: the caller went too fast, past the SDK's retries (transient);
 * - `server`: a 5xx fault of the service (transient: a later try may pass);
 * - `timeout`: no answer in time (transient; the request may still have been applied);
 * - `access-denied`: the role lacks a permission (retrying cannot fix it);
 * - `conflict`: the request conflicts with an earlier one (RunTask: same clientToken, other
 *   parameters);
 * - `client`: any other refusal of the request (invalid parameters, unknown resource);
 * - `unknown`: not an AWS answer at all (a connection refused, a bug).
 */
export type AwsErrorKind =
  | 'throttled'
  | 'server'
  | 'timeout'
  | 'access-denied'
  | 'conflict'
  | 'client'
  | 'unknown';

const transientKinds: ReadonlySet<AwsErrorKind> = new Set(['throttled', 'server', 'timeout']);

/** An AWS call failed. `operation` names the API action; `awsErrorName` the SDK exception. */
export class AwsCallError extends AutopilotError {
  readonly operation: string;
  readonly awsErrorName: string;
  readonly kind: AwsErrorKind;

  constructor(operation: string, cause: unknown, options: { kind?: AwsErrorKind } = {}) {
    const awsErrorName = cause instanceof Error ? cause.name : 'UnknownError';
    const detail = cause instanceof Error ? cause.message : String(cause);
    const kind = options.kind ?? 'unknown';
    super(ErrorCodes.awsCall, `${operation} failed: ${awsErrorName}: ${detail}`, {
      cause,
      transient: transientKinds.has(kind),
    });
    this.name = 'AwsCallError';
    this.operation = operation;
    this.awsErrorName = awsErrorName;
    this.kind = kind;
  }
}
