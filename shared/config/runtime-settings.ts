import { InvalidConfigError } from '../runtime/errors.ts';
import { formatIssues } from './format-issues.ts';
import * as z from './zod.ts';

const booleanFlag = z.pipe(
  z.optional(z.enum(['true', 'false', '1', '0', ''])),
  z.transform((value) => value === 'true' || value === '1'),
);

/**
 * Role names (with path; IAM wildcards `*` and `?`) the restart function may pass to ECS when no
 * stage sets `passableTaskRoleNames`: roles made for it on purpose, never any role of the account.
 * It cannot match the functions' own roles (CloudFormation names them `<stack>-<logical id>-…`).
 */
export const DEFAULT_PASSABLE_ROLE_NAMES = 'ecs-autopilot-passable-*';

/**
 * Settings that differ per stage and come from the Lambda environment (set by serverless.yml),
 * as opposed to the policy document, which says what the functions do.
 */
export const runtimeSettingsSchema = z.object({
  /** A policy file to use instead of the one bundled at build time (local runs and tests). */
  POLICY_FILE: z.optional(z.string().check(z.minLength(1))),
  /** Forces dry-run for every function whatever the policy says (a stage-wide safety switch). */
  DRY_RUN: booleanFlag,
  AUDIT_EVENT_BUS_NAME: z._default(z.string().check(z.minLength(1)), 'default'),
  /** Where invalid events are preserved (the function's dead-letter queue). */
  DEAD_LETTER_QUEUE_URL: z.optional(z.string().check(z.url())),
  /** SQS delay queue the restart function uses for backoff. */
  RESTART_QUEUE_URL: z.optional(z.string().check(z.url())),
  /**
   * The stage's `passableTaskRoleNames`, the same pattern its `iam:PassRole` grant names: the
   * restart function refuses (`role-not-passable`) a RunTask that would pass any other role.
   */
  PASSABLE_ROLE_NAMES: z._default(
    z
      .string()
      .check(
        z.regex(/^[\w+=,.@/*?-]{1,512}$/, 'expected an IAM role name pattern (wildcards * and ?)'),
      ),
    DEFAULT_PASSABLE_ROLE_NAMES,
  ),
  /** Benchmarks and tests only: compresses in time ECS's throttle rates and the scaler's waits between evaluations. */
  PACING_TIME_FACTOR: z._default(z.coerce.number().check(z.positive()), 1),
});

export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;

/**
 * Reads the runtime settings from an environment.
 * @throws InvalidConfigError naming every invalid variable.
 */
export function loadRuntimeSettings(env: Record<string, string | undefined>): RuntimeSettings {
  const result = runtimeSettingsSchema.safeParse(env, { reportInput: true });
  if (!result.success) {
    throw new InvalidConfigError(formatIssues(result.error.issues), { source: 'environment' });
  }
  return result.data;
}
