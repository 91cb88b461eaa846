import * as z from '../config/zod.ts';
import { taskOverridesSchema } from './task-overrides.ts';

/**
 * A RunTask request, shaped like the SDK's `RunTaskCommandInput` but typed here so policies and
 * queue messages never import the SDK. Only the fields ecs-autopilot sets are modelled.
 */

/**
 * Built on first use (`z.lazy`): only the delay-queue trigger parses a RunTask request, and a
 * cold start on an ECS event pays nothing for it (constructing zod schemas is most of what our
 * schemas cost at cold start: docs/development.md, "Where a cold start goes").
 */
function buildRunTaskInputSchema() {
  /** A whole number from `min` to `max`. */
  const intBetween = (min: number, max: number) =>
    z.number().check(z.int(), z.minimum(min), z.maximum(max));
  /** A string of `min` to `max` characters. */
  const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
  const nonEmpty = z.string().check(z.minLength(1));

  /** One capacity provider strategy item. */
  const capacityProviderStrategyItemSchema = z.object({
    capacityProvider: text(1, 255),
    weight: z.optional(intBetween(0, 1000)),
    base: z.optional(intBetween(0, 100000)),
  });

  /** awsvpc network configuration; security groups are mandatory here on purpose (see policy). */
  const awsVpcConfigurationSchema = z.object({
    subnets: z.array(nonEmpty).check(z.minLength(1), z.maxLength(16)),
    securityGroups: z.array(nonEmpty).check(z.minLength(1), z.maxLength(5)),
    assignPublicIp: z.optional(z.enum(['ENABLED', 'DISABLED'])),
  });

  return z.object({
    cluster: nonEmpty,
    taskDefinition: nonEmpty,
    count: z.literal(1),
    launchType: z.optional(z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'])),
    capacityProviderStrategy: z.optional(
      z.array(capacityProviderStrategyItemSchema).check(z.minLength(1), z.maxLength(20)),
    ),
    platformVersion: z.optional(z.string()),
    group: z.optional(z.string()),
    overrides: z.optional(taskOverridesSchema),
    enableExecuteCommand: z.optional(z.boolean()),
    enableECSManagedTags: z.optional(z.boolean()),
    networkConfiguration: z.optional(z.object({ awsvpcConfiguration: awsVpcConfigurationSchema })),
    tags: z.array(z.object({ key: z.string(), value: z.string() })).check(z.maxLength(50)),
    startedBy: text(1, 128),
    clientToken: text(1, 64),
  });
}

/** The RunTask request ecs-autopilot sends to restart a task. */
export const runTaskInputSchema = z.lazy(buildRunTaskInputSchema);

/** A capacity provider strategy item. */
export type CapacityProviderStrategyItem = NonNullable<
  RunTaskInput['capacityProviderStrategy']
>[number];
/** awsvpc network configuration with known security groups. */
export type AwsVpcConfiguration = NonNullable<
  RunTaskInput['networkConfiguration']
>['awsvpcConfiguration'];
/** A RunTask request (SDK-compatible shape). */
export type RunTaskInput = z.infer<typeof runTaskInputSchema>;
