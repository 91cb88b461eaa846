import * as z from 'zod';
import { runTaskInputSchema } from './run-task-input.ts';

/**
 * Body of the SQS message that carries a restart through the delay queue (backoff, and RunTask
 * retries after capacity errors or throttling). It holds the complete RunTask request, so running
 * it never re-reads the stopped task (ECS forgets stopped tasks after about an hour).
 * The body contains the task's environment overrides: the queue must be encrypted (SSE), and the
 * body must never be logged unredacted (`redactRunTaskInput`).
 */
export const delayedRestartMessageSchema = z
  .object({
    kind: z.literal('ecs-autopilot.delayed-restart'),
    schemaVersion: z.literal(1),
    stoppedTaskArn: z.string().min(1),
    clusterArn: z.string().min(1),
    family: z.string().min(1),
    group: z.string().optional(),
    lineage: z.string().min(1).max(64),
    attempt: z.number().int().min(1),
    /** The restart decision's reason, carried for the audit trail. */
    reason: z.string().min(1),
    runTaskInput: runTaskInputSchema,
    /** RunTask tries that already failed for this attempt (budget: `runTaskRetry.maxRetries`). */
    runTaskRetries: z.number().int().min(0).default(0),
    /** Bumped only when ECS answered `failures[]` (nothing started), to get a fresh clientToken. */
    placementRound: z.number().int().min(0).default(0),
    /** Epoch ms before which the restart must not run (re-delay when received early). */
    notBefore: z.number().int().min(0),
  })
  .strict();

/** A delayed restart message body. */
export type DelayedRestartMessage = z.infer<typeof delayedRestartMessageSchema>;
