/**
 * Scenario sections for what runs tasks on a schedule or in a workflow: EventBridge Scheduler
 * schedules and Step Functions state machines (see `scenario.ts` for the whole document).
 */
import * as z from 'zod';

/**
 * An EventBridge Scheduler schedule; task definitions are written as `family` (its latest revision)
 * or `family:revision`.
 */
export const schedule = z
  .strictObject({
    name: z.string(),
    /** The schedule group (created when missing). */
    group: z.string().default('default'),
    state: z.enum(['ENABLED', 'DISABLED']).default('ENABLED'),
    expression: z.string().default('rate(1 day)'),
    /** ECS RunTask templated target: the cluster and the task definition. */
    cluster: z.string().optional(),
    taskDefinition: z.string().optional(),
    /** A universal target, `arn:aws:scheduler:::aws-sdk:<service>:<action>`, and its input. */
    universal: z
      .strictObject({
        service: z.string().default('ecs'),
        action: z.string(),
        input: z.union([z.string(), z.record(z.string(), z.unknown())]),
      })
      .optional(),
    /** Any other target (a Lambda function, a state machine). */
    targetArn: z.string().optional(),
  })
  .refine(
    (value) =>
      [value.taskDefinition !== undefined, value.universal, value.targetArn].filter(Boolean)
        .length === 1 &&
      (value.taskDefinition === undefined || value.cluster !== undefined),
    'a schedule has exactly one target: cluster + taskDefinition, universal, or targetArn',
  );

/** Amazon States Language, as an object or as JSON text (kept as written, even if invalid). */
const definition = z.union([z.string(), z.record(z.string(), z.unknown())]);

export const stateMachine = z.strictObject({
  name: z.string(),
  type: z.enum(['STANDARD', 'EXPRESS']).default('STANDARD'),
  definition,
  /** Published versions, oldest first: version 1 is the first entry. */
  versions: z.array(definition).default([]),
});
