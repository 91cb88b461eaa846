import * as z from 'zod';
import { CLUSTER_ARN_PATTERN, TASK_ARN_PATTERN, TASK_DEFINITION_ARN_PATTERN } from './ecs-arn.ts';
import { taskOverridesSchema } from './task-overrides.ts';

/**
 * Zod schema of the EventBridge `ECS Task State Change` event. Real events vary, so the schema is
 * lenient where ECS is inconsistent and strict where a restart depends on the value:
 * - timestamps are ISO 8601 with 0 to 9 fractional digits and `Z` or an offset, turned into epoch ms;
 * - `stopCode` is optional (old events) and any string (ECS adds codes, e.g. InfrastructureHealth);
 * - container `exitCode` may be missing or null (tasks that failed to start);
 * - cpu and memory may be strings or numbers;
 * - unknown fields are accepted and dropped (ECS documents that it adds fields over time).
 */

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** An ISO 8601 timestamp as ECS writes it, parsed to epoch milliseconds. */
export const ecsTimestampSchema = z
  .string()
  .regex(ISO_TIMESTAMP, 'expected an ISO 8601 timestamp')
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected a valid calendar date' });
      return z.NEVER;
    }
    return ms;
  });

const stringOrNumber = z.union([z.string(), z.number()]).transform(String);

const containerSchema = z.object({
  name: z.string().min(1),
  exitCode: z.number().int().nullish(),
  reason: z.string().optional(),
  lastStatus: z.string().optional(),
});

const attachmentSchema = z.object({
  type: z.string().optional(),
  status: z.string().optional(),
  details: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
});

/** The `detail` object of a task state change event. */
export const taskStateChangeDetailSchema = z.object({
  taskArn: z.string().regex(TASK_ARN_PATTERN, 'expected a task ARN'),
  clusterArn: z.string().regex(CLUSTER_ARN_PATTERN, 'expected a cluster ARN'),
  taskDefinitionArn: z
    .string()
    .regex(TASK_DEFINITION_ARN_PATTERN, 'expected a task definition ARN'),
  lastStatus: z.string().min(1),
  desiredStatus: z.string().min(1),
  createdAt: ecsTimestampSchema,
  startedAt: ecsTimestampSchema.optional(),
  stoppingAt: ecsTimestampSchema.optional(),
  stoppedAt: ecsTimestampSchema.optional(),
  stopCode: z.string().min(1).optional(),
  stoppedReason: z.string().optional(),
  group: z.string().optional(),
  startedBy: z.string().optional(),
  launchType: z.string().optional(),
  capacityProviderName: z.string().optional(),
  platformVersion: z.string().optional(),
  cpu: stringOrNumber.optional(),
  memory: stringOrNumber.optional(),
  containers: z.array(containerSchema).default([]),
  overrides: taskOverridesSchema.optional(),
  attachments: z.array(attachmentSchema).default([]),
  enableExecuteCommand: z.boolean().optional(),
  ephemeralStorage: z.object({ sizeInGiB: z.number().int().positive() }).optional(),
  version: z.number().int().nonnegative(),
});

/** The EventBridge envelope of a task state change event. */
export const taskStateChangeEventSchema = z.object({
  version: z.string().optional(),
  id: z.string().min(1),
  'detail-type': z.literal('ECS Task State Change'),
  source: z.literal('aws.ecs'),
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit account id'),
  time: ecsTimestampSchema,
  region: z.string().min(1),
  resources: z.array(z.string()).default([]),
  detail: taskStateChangeDetailSchema,
});

/** The raw event after schema validation (before mapping to the domain type). */
export type TaskStateChangeEvent = z.infer<typeof taskStateChangeEventSchema>;
