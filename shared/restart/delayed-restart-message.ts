import * as z from '../config/zod.ts';
import { RESTART_REASONS } from './policy/restart-decision.ts';
import { runTaskInputSchema } from './run-task-input.ts';

const nonEmpty = z.string().check(z.minLength(1));
/** A whole number of at least `min`. */
const intFrom = (min: number) => z.number().check(z.int(), z.minimum(min));

/**
 * Body of the SQS message that carries a restart through the delay queue (backoff, and RunTask
 * retries after capacity errors or throttling). It holds the complete RunTask request, so running
 * it never re-reads the stopped task (ECS forgets stopped tasks after about an hour).
 * The body contains the task's environment overrides: the queue must be encrypted (SSE), and the
 * body must never be logged unredacted (`redactRunTaskInput`).
 */
export const delayedRestartMessageSchema = z.strictObject({
  kind: z.literal('ecs-autopilot.delayed-restart'),
  schemaVersion: z.literal(1),
  stoppedTaskArn: nonEmpty,
  clusterArn: nonEmpty,
  family: nonEmpty,
  group: z.optional(z.string()),
  lineage: z.string().check(z.minLength(1), z.maxLength(64)),
  attempt: intFrom(1),
  /** The restart decision's reason, carried for the audit trail. */
  reason: z.enum(RESTART_REASONS),
  runTaskInput: runTaskInputSchema,
  /** RunTask tries that already failed for this attempt (budget: `runTaskRetry.maxRetries`). */
  runTaskRetries: z._default(intFrom(0), 0),
  /** Bumped only when ECS answered `failures[]` (nothing started), to get a fresh clientToken. */
  placementRound: z._default(intFrom(0), 0),
  /** Epoch ms before which the restart must not run (re-delay when received early). */
  notBefore: intFrom(0),
});

/** A delayed restart message body. */
export type DelayedRestartMessage = z.infer<typeof delayedRestartMessageSchema>;
