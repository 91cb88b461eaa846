import type { RunTaskInput } from '../run-task-input.ts';
import type { TaskOverrides } from '../task-overrides.ts';

/** What replaces a secret in logs. */
export const REDACTED = '***';

/** ecs-autopilot's own tags (lineage, attempt) are logged as they are. */
const OWN_TAG_PREFIX = 'ecs-autopilot:';

const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|auth|session)/i;
// Anywhere in an argument, since shells take whole scripts: `export PGPASSWORD=x; psql …`.
const SECRET_ASSIGNMENT = new RegExp(
  `(-{0,2}[\\w.-]*${SECRET_NAME.source}[\\w.-]*=)("[^"]*"|'[^']*'|[^\\s;&|]+)`,
  'gi',
);
const SECRET_FLAG = new RegExp(`^-{1,2}[\\w.-]*${SECRET_NAME.source}[\\w.-]*$`, 'i');
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[0-9A-Z]{16}\b/g;
/** The password of a URL's user info: `postgres://app:<password>@db`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)[^\s@/]+@/gi;
/** The credentials of an Authorization header: `Authorization: Bearer <token>`. */
const AUTHORIZATION = /(\bAuthorization:\s*(?:Bearer\s+|Basic\s+|Token\s+)?)[^\s'"]+/gi;

/**
 * A copy of task overrides safe to log: every environment value becomes `***` (names are kept,
 * they help debugging and are not secret), and command arguments that look secret are masked:
 * secret-named assignments anywhere in an argument (`--password=x`, `export PGPASSWORD=x; …`),
 * the value after `--api-key`, URL passwords, Authorization header values and AWS access key ids.
 * Other positional secrets cannot be recognised. The input is not modified.
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

/**
 * A copy of a RunTask request safe to log: overrides redacted, and the values of the copied tags
 * masked except ecs-autopilot's own (lineage, attempt): tags are not meant for secrets, but
 * launchers put build and deploy tokens there. Keys and the clientToken are kept.
 */
export function redactRunTaskInput(input: RunTaskInput): RunTaskInput {
  const tags = input.tags.map((tag) =>
    tag.key.startsWith(OWN_TAG_PREFIX) ? tag : { key: tag.key, value: REDACTED },
  );
  return input.overrides === undefined
    ? { ...input, tags }
    : { ...input, tags, overrides: redactOverrides(input.overrides) };
}

function redactCommand(command: readonly string[]): string[] {
  return command.map((arg, i) => {
    const previous = command[i - 1];
    if (previous !== undefined && SECRET_FLAG.test(previous)) return REDACTED;
    return arg
      .replace(SECRET_ASSIGNMENT, `$1${REDACTED}`)
      .replace(URL_PASSWORD, `$1${REDACTED}@`)
      .replace(AUTHORIZATION, `$1${REDACTED}`)
      .replace(ACCESS_KEY_ID, REDACTED);
  });
}
