import type { RunTaskInput } from '../../events/run-task-input.ts';
import type { TaskOverrides } from '../../events/task-overrides.ts';

/** What replaces a secret in logs. */
export const REDACTED = '***';

const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|session)/i;
const SECRET_ASSIGNMENT = new RegExp(`^(-{0,2}[\\w.-]*${SECRET_NAME.source}[\\w.-]*=)`, 'i');
const SECRET_FLAG = new RegExp(`^-{1,2}[\\w.-]*${SECRET_NAME.source}[\\w.-]*$`, 'i');
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g;

/**
 * A copy of task overrides safe to log: every environment value becomes `***` (names are kept,
 * they help debugging and are not secret), and command arguments that look secret (`--password=x`,
 * the value after `--api-key`, AWS access key ids) are masked. The input is not modified.
 */
export function redactOverrides(overrides: TaskOverrides): TaskOverrides {
  return {
    ...overrides,
    containerOverrides: overrides.containerOverrides.map((c) => ({
      ...c,
      ...(c.environment
        ? { environment: c.environment.map((e) => ({ name: e.name, value: REDACTED })) }
        : {}),
      ...(c.command ? { command: redactCommand(c.command) } : {}),
    })),
  };
}

/** A copy of a RunTask request safe to log (overrides redacted, clientToken kept). */
export function redactRunTaskInput(input: RunTaskInput): RunTaskInput {
  return input.overrides === undefined
    ? { ...input }
    : { ...input, overrides: redactOverrides(input.overrides) };
}

function redactCommand(command: readonly string[]): string[] {
  return command.map((arg, i) => {
    const previous = command[i - 1];
    if (previous !== undefined && SECRET_FLAG.test(previous)) return REDACTED;
    const assignment = SECRET_ASSIGNMENT.exec(arg);
    if (assignment?.[1] !== undefined) return `${assignment[1]}${REDACTED}`;
    return arg.replace(ACCESS_KEY_ID, REDACTED);
  });
}
