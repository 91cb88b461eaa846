import * as z from '../config/zod.ts';

/**
 * Task overrides as ECS reports them (events, DescribeTasks) and accepts them (RunTask). Only the
 * fields RunTask accepts are kept; anything else is stripped so a rebuilt RunTask never carries a
 * field ECS would reject. Container cpu/memory are numbers in the API but some producers send
 * strings, so both are accepted.
 */

const intLike = z.union([
  z.number().check(z.int()),
  z.pipe(z.string().check(z.regex(/^\d+$/)), z.transform(Number)),
]);
/** A number or a numeric string, as a string (the form RunTask takes). */
const stringOrNumber = z.pipe(z.union([z.string(), z.number()]), z.transform(String));
const nameValue = z.object({ name: z.string(), value: z.string() });
const typedValue = z.object({ type: z.string(), value: z.string() });

/** One container's overrides. */
export const containerOverrideSchema = z.object({
  name: z.string().check(z.minLength(1)),
  command: z.optional(z.array(z.string())),
  environment: z.optional(z.array(nameValue)),
  environmentFiles: z.optional(z.array(typedValue)),
  cpu: z.optional(intLike),
  memory: z.optional(intLike),
  memoryReservation: z.optional(intLike),
  resourceRequirements: z.optional(z.array(typedValue)),
});

/** Task-level overrides: all container overrides, cpu, memory, roles and ephemeral storage. */
export const taskOverridesSchema = z.object({
  containerOverrides: z._default(z.array(containerOverrideSchema), []),
  cpu: z.optional(stringOrNumber),
  memory: z.optional(stringOrNumber),
  executionRoleArn: z.optional(z.string()),
  taskRoleArn: z.optional(z.string()),
  ephemeralStorage: z.optional(z.object({ sizeInGiB: z.number().check(z.int(), z.positive()) })),
  inferenceAcceleratorOverrides: z.optional(
    z.array(z.object({ deviceName: z.optional(z.string()), deviceType: z.optional(z.string()) })),
  ),
});

/** One container's overrides, normalised. */
export type ContainerOverride = z.infer<typeof containerOverrideSchema>;
/** Task overrides, normalised (container overrides always an array). */
export type TaskOverrides = z.infer<typeof taskOverridesSchema>;
