import {
  CLUSTER_ARN_PATTERN,
  TASK_ARN_PATTERN,
  TASK_DEFINITION_ARN_PATTERN,
} from '../aws/ecs-arn.ts';
import * as z from '../config/zod.ts';
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
export const ecsTimestampSchema = z.pipe(
  z.string().check(z.regex(ISO_TIMESTAMP, 'expected an ISO 8601 timestamp')),
  z.transform((value, ctx) => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      ctx.issues.push({ code: 'custom', message: 'expected a valid calendar date', input: value });
      return z.NEVER;
    }
    return ms;
  }),
);

const stringOrNumber = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const optionalString = z.optional(z.string());
const nonEmpty = z.string().check(z.minLength(1));

const containerSchema = z.object({
  name: nonEmpty,
  exitCode: z.optional(z.nullable(z.number().check(z.int()))),
  reason: optionalString,
  lastStatus: optionalString,
});

const attachmentSchema = z.object({
  type: optionalString,
  status: optionalString,
  details: z._default(z.array(z.object({ name: z.string(), value: z.string() })), []),
});

/** The `detail` object of a task state change event. */
export const taskStateChangeDetailSchema = z.object({
  taskArn: z.string().check(z.regex(TASK_ARN_PATTERN, 'expected a task ARN')),
  clusterArn: z.string().check(z.regex(CLUSTER_ARN_PATTERN, 'expected a cluster ARN')),
  taskDefinitionArn: z
    .string()
    .check(z.regex(TASK_DEFINITION_ARN_PATTERN, 'expected a task definition ARN')),
  lastStatus: nonEmpty,
  desiredStatus: nonEmpty,
  createdAt: ecsTimestampSchema,
  startedAt: z.optional(ecsTimestampSchema),
  stoppingAt: z.optional(ecsTimestampSchema),
  stoppedAt: z.optional(ecsTimestampSchema),
  stopCode: z.optional(nonEmpty),
  stoppedReason: optionalString,
  group: optionalString,
  startedBy: optionalString,
  launchType: optionalString,
  capacityProviderName: optionalString,
  platformVersion: optionalString,
  cpu: z.optional(stringOrNumber),
  memory: z.optional(stringOrNumber),
  containers: z._default(z.array(containerSchema), []),
  overrides: z.optional(taskOverridesSchema),
  attachments: z._default(z.array(attachmentSchema), []),
  enableExecuteCommand: z.optional(z.boolean()),
  ephemeralStorage: z.optional(z.object({ sizeInGiB: z.number().check(z.int(), z.positive()) })),
  version: z.number().check(z.int(), z.nonnegative()),
});

/** The EventBridge envelope, as delivered. */
const envelopeSchema = z.object({
  version: optionalString,
  id: nonEmpty,
  'detail-type': z.literal('ECS Task State Change'),
  source: z.literal('aws.ecs'),
  account: z.string().check(z.regex(/^\d{12}$/, 'expected a 12-digit account id')),
  time: ecsTimestampSchema,
  region: nonEmpty,
  resources: z._default(z.array(z.string()), []),
  detail: taskStateChangeDetailSchema,
});

/**
 * Some real `TaskFailedToStart` events carry no `detail.taskArn`; their `resources[0]` is the
 * task ARN (EventBridge lists the task there in every ECS task state change). Such an event is
 * decided with that ARN; one whose `resources[0]` is not a task ARN still fails on
 * `detail.taskArn`, so every other problem of the event is reported with it.
 */
function fillTaskArnFromResources(input: unknown): unknown {
  if (!isRecord(input) || !isRecord(input.detail) || input.detail.taskArn !== undefined) {
    return input;
  }
  const first = Array.isArray(input.resources) ? input.resources[0] : undefined;
  if (typeof first !== 'string' || !TASK_ARN_PATTERN.test(first)) return input;
  return { ...input, detail: { ...input.detail, taskArn: first } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The EventBridge envelope of a task state change event (`detail.taskArn` filled as above). */
export const taskStateChangeEventSchema = z.pipe(
  z.transform(fillTaskArnFromResources),
  envelopeSchema,
);

/** The raw event after schema validation (before mapping to the domain type). */
export type TaskStateChangeEvent = z.output<typeof envelopeSchema>;
