import { formatIssues } from '../../shared/config/format-issues.ts';
import { MAX_TASKS_PER_SERVICE } from '../../shared/config/scale-section.ts';
import * as z from '../../shared/config/zod.ts';
import {
  DEFAULT_READINESS,
  type ReplicaCalculatorInput,
} from '../../shared/scale/policy/calculator-types.ts';

const finite = z.number().check(z.refine(Number.isFinite, { message: 'must be a finite number' }));
const seconds = z.number().check(z.minimum(0), z.maximum(31_536_000));
const share = z.number().check(z.minimum(0), z.maximum(10));

const taskSchema = z.strictObject({
  usage: z.optional(z.nullable(finite)),
  request: z.optional(z.number().check(z.positive())),
  ready: z.boolean(),
  startedSecondsAgo: z.optional(seconds),
});

/** The JSON object `calculate` reads (see `calculateHelp`). */
export const calculateInputSchema = z
  .strictObject({
    currentCount: z.int().check(z.minimum(0), z.maximum(MAX_TASKS_PER_SERVICE)),
    target: z.strictObject({
      type: z.enum(['Utilization', 'AverageValue', 'Value']),
      value: z.number().check(z.positive(), z.maximum(1e12)),
    }),
    resource: z.optional(z.enum(['cpu', 'memory'])),
    tolerance: z.optional(z.union([share, z.strictObject({ up: share, down: share })])),
    tasks: z._default(z.array(taskSchema).check(z.maxLength(MAX_TASKS_PER_SERVICE)), []),
    value: z.optional(finite),
    cpuStartupPeriodSeconds: z.optional(seconds),
    readinessDelaySeconds: z.optional(seconds),
  })
  .check(
    z.superRefine((input, ctx) => {
      const type = input.target.type;
      if (type === 'Value' && input.value === undefined) {
        ctx.addIssue({ code: 'custom', message: 'required for a Value target', path: ['value'] });
      }
      const perTask =
        type === 'Utilization' || (type === 'AverageValue' && input.value === undefined);
      if (!perTask) return;
      input.tasks.forEach((task, index) => {
        if (task.usage !== undefined) return;
        const message =
          type === 'Utilization'
            ? 'required for a Utilization target (null when the task reported nothing)'
            : 'required for an AverageValue target without `value` (null when the task reported nothing)';
        ctx.addIssue({ code: 'custom', message, path: ['tasks', index, 'usage'] });
      });
    }),
  );

/** The input as written, validated. */
export type CalculateInput = z.infer<typeof calculateInputSchema>;

/** Where the input is wrong: one line per problem, each naming its field. */
export type CalculateInputProblems = { problems: string[] };

/**
 * Validates the calculator's input and maps it to the calculator's own shape: tolerance
 * `0.1` (Kubernetes' default) when omitted, a number meaning the same tolerance both ways, and
 * Kubernetes' readiness defaults.
 *
 * @returns the calculator input, or every problem with the field it concerns.
 * @throws never.
 */
export function parseCalculateInput(
  document: unknown,
): ReplicaCalculatorInput | CalculateInputProblems {
  const parsed = calculateInputSchema.safeParse(document);
  if (!parsed.success) return { problems: formatIssues(parsed.error.issues) };
  const input = parsed.data;
  const tolerance = input.tolerance ?? 0.1;
  return {
    currentCount: input.currentCount,
    targetType: input.target.type,
    target: input.target.value,
    resource: input.resource,
    tolerance: typeof tolerance === 'number' ? { up: tolerance, down: tolerance } : tolerance,
    tasks: input.tasks,
    // A Utilization target reads per-task samples only: an aggregate value is ignored.
    value: input.target.type === 'Utilization' ? undefined : input.value,
    readiness: {
      cpuStartupPeriodSeconds:
        input.cpuStartupPeriodSeconds ?? DEFAULT_READINESS.cpuStartupPeriodSeconds,
      readinessDelaySeconds: input.readinessDelaySeconds ?? DEFAULT_READINESS.readinessDelaySeconds,
    },
  };
}
