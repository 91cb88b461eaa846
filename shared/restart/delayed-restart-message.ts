import { CLUSTER_ARN_PATTERN, getTaskDefinitionFamily, TASK_ARN_PATTERN } from '../aws/ecs-arn.ts';
import * as z from '../config/zod.ts';
import { STARTED_BY } from './policy/build-run-task-input.ts';
import { RESTART_REASONS } from './policy/restart-decision.ts';
import { runTaskInputSchema } from './run-task-input.ts';

/**
 * Body of the SQS message that carries a restart through the delay queue (backoff, and RunTask
 * retries after capacity errors or throttling). It holds the complete RunTask request, so running
 * it never re-reads the stopped task (ECS forgets stopped tasks after about an hour).
 * The body contains the task's environment overrides: the queue must be encrypted (SSE), and the
 * body must never be logged unredacted (`redactRunTaskInput`). The request must be the one the
 * body says it is (its cluster, family, group and `startedBy` match), or the body is invalid and
 * goes to the dead-letter queue: what the policy is checked against is what RunTask runs.
 */
function buildMessageSchema() {
  const nonEmpty = z.string().check(z.minLength(1));
  /** A whole number of at least `min`. */
  const intFrom = (min: number) => z.number().check(z.int(), z.minimum(min));
  const messageShape = z.strictObject({
    kind: z.literal('ecs-autopilot.delayed-restart'),
    schemaVersion: z.literal(1),
    stoppedTaskArn: z.string().check(z.regex(TASK_ARN_PATTERN, 'expected a task ARN')),
    clusterArn: z.string().check(z.regex(CLUSTER_ARN_PATTERN, 'expected a cluster ARN')),
    family: nonEmpty,
    group: z.optional(z.string()),
    lineage: z.string().check(z.minLength(1), z.maxLength(64)),
    attempt: intFrom(1),
    /** The restart decision's reason, carried for the audit trail. */
    reason: z.enum(RESTART_REASONS),
    /** AWS Batch or Step Functions started the task: only `includeOrchestrated` rules select it. */
    orchestrated: z._default(z.boolean(), false),
    runTaskInput: runTaskInputSchema,
    /** RunTask tries that already failed for this attempt (budget: `runTaskRetry.maxRetries`). */
    runTaskRetries: z._default(intFrom(0), 0),
    /** Bumped only when ECS answered `failures[]` (nothing started), to get a fresh clientToken. */
    placementRound: z._default(intFrom(0), 0),
    /** Epoch ms before which the restart must not run (re-delay when received early). */
    notBefore: intFrom(0),
  });

  return messageShape.check(
    z.superRefine((message, ctx) => {
      const run = message.runTaskInput;
      const mismatch = (field: string, text: string) =>
        ctx.addIssue({
          code: 'custom',
          message: text,
          path: ['runTaskInput', field],
          input: undefined,
        });
      if (run.cluster !== message.clusterArn) mismatch('cluster', 'expected the clusterArn');
      if (getTaskDefinitionFamily(run.taskDefinition) !== message.family) {
        mismatch('taskDefinition', 'expected a task definition ARN of the family');
      }
      if (run.group !== message.group) mismatch('group', 'expected the group');
      if (run.startedBy !== STARTED_BY) mismatch('startedBy', `expected ${STARTED_BY}`);
    }),
  );
}

/**
 * Delay-queue message bodies, with the RunTask request bound to what the body claims. Built on
 * first use (`z.lazy`): a cold start on an ECS event never parses one.
 */
export const delayedRestartMessageSchema = z.lazy(buildMessageSchema);

/** A delayed restart message body. */
export type DelayedRestartMessage = z.infer<typeof delayedRestartMessageSchema>;
