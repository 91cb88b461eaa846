import * as z from 'zod';
import { taskOverridesSchema } from './task-overrides.ts';

/**
 * A RunTask request, shaped like the SDK's `RunTaskCommandInput` but typed here so policies and
 * queue messages never import the SDK. Only the fields ecs-autopilot sets are modelled.
 */

/** One capacity provider strategy item. */
export const capacityProviderStrategyItemSchema = z.object({
  capacityProvider: z.string().min(1).max(255),
  weight: z.number().int().min(0).max(1000).optional(),
  base: z.number().int().min(0).max(100000).optional(),
});

/** awsvpc network configuration; security groups are mandatory here on purpose (see policy). */
export const awsVpcConfigurationSchema = z.object({
  subnets: z.array(z.string().min(1)).min(1).max(16),
  securityGroups: z.array(z.string().min(1)).min(1).max(5),
  assignPublicIp: z.enum(['ENABLED', 'DISABLED']).optional(),
});

/** The RunTask request ecs-autopilot sends to restart a task. */
export const runTaskInputSchema = z.object({
  cluster: z.string().min(1),
  taskDefinition: z.string().min(1),
  count: z.literal(1),
  launchType: z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']).optional(),
  capacityProviderStrategy: z.array(capacityProviderStrategyItemSchema).min(1).max(20).optional(),
  platformVersion: z.string().optional(),
  group: z.string().optional(),
  overrides: taskOverridesSchema.optional(),
  enableExecuteCommand: z.boolean().optional(),
  enableECSManagedTags: z.boolean().optional(),
  networkConfiguration: z.object({ awsvpcConfiguration: awsVpcConfigurationSchema }).optional(),
  tags: z.array(z.object({ key: z.string(), value: z.string() })).max(50),
  startedBy: z.string().min(1).max(128),
  clientToken: z.string().min(1).max(64),
});

/** A capacity provider strategy item. */
export type CapacityProviderStrategyItem = z.infer<typeof capacityProviderStrategyItemSchema>;
/** awsvpc network configuration with known security groups. */
export type AwsVpcConfiguration = z.infer<typeof awsVpcConfigurationSchema>;
/** A RunTask request (SDK-compatible shape). */
export type RunTaskInput = z.infer<typeof runTaskInputSchema>;
