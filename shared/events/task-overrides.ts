import * as z from 'zod';

/**
 * Task overrides as ECS reports them (events, DescribeTasks) and accepts them (RunTask). Only the
 * fields RunTask accepts are kept; anything else is stripped so a rebuilt RunTask never carries a
 * field ECS would reject. Container cpu/memory are numbers in the API but some producers send
 * strings, so both are accepted.
 */

const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const nameValue = z.object({ name: z.string(), value: z.string() });
const typedValue = z.object({ type: z.string(), value: z.string() });

/** One container's overrides. */
export const containerOverrideSchema = z.object({
  name: z.string().min(1),
  command: z.array(z.string()).optional(),
  environment: z.array(nameValue).optional(),
  environmentFiles: z.array(typedValue).optional(),
  cpu: intLike.optional(),
  memory: intLike.optional(),
  memoryReservation: intLike.optional(),
  resourceRequirements: z.array(typedValue).optional(),
});

/** Task-level overrides: all container overrides, cpu, memory, roles and ephemeral storage. */
export const taskOverridesSchema = z.object({
  containerOverrides: z.array(containerOverrideSchema).default([]),
  cpu: z.union([z.string(), z.number()]).transform(String).optional(),
  memory: z.union([z.string(), z.number()]).transform(String).optional(),
  executionRoleArn: z.string().optional(),
  taskRoleArn: z.string().optional(),
  ephemeralStorage: z.object({ sizeInGiB: z.number().int().positive() }).optional(),
  inferenceAcceleratorOverrides: z
    .array(z.object({ deviceName: z.string().optional(), deviceType: z.string().optional() }))
    .optional(),
});

/** One container's overrides, normalised. */
export type ContainerOverride = z.infer<typeof containerOverrideSchema>;
/** Task overrides, normalised (container overrides always an array). */
export type TaskOverrides = z.infer<typeof taskOverridesSchema>;
