import * as z from 'zod';
import { reportGlobProblem } from './glob.ts';

/** ECS's per-service task quota: no rule or tag may ask for more. */
export const MAX_TASKS_PER_SERVICE = 5000;

/** A task count: a whole number between 0 and ECS's per-service quota. */
export const taskCountSchema = z.int().min(0).max(MAX_TASKS_PER_SERVICE);

const positiveSeconds = z.int().min(1).max(3600);
const windowSeconds = z.int().min(0).max(3600);
const glob = z.string().min(1).max(255).superRefine(reportGlobProblem);
/** Dimension values may use `${cluster}` and `${service}`, filled per matched service. */
const dimensionValue = z.string().min(1).max(1024);
const statistic = z
  .string()
  .regex(/^(Average|Sum|Minimum|Maximum|SampleCount|p\d{1,2}(\.\d+)?|tm\d{1,2}|IQM)$/);
/** GetMetricData query ids: a lowercase letter then letters, digits, underscores. */
const queryName = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/);

const targetValue = z.number().positive().max(1e12);
const maxAgeSeconds = z.int().min(60).max(86_400).default(300);
const metricName = z.string().min(1).max(64).optional();

const cpuOrMemoryMetric = z
  .object({
    kind: z.enum(['cpu', 'memory']),
    name: metricName,
    /** Target average utilization of the service, in percent of the reserved CPU / memory. */
    targetPercent: z.number().positive().max(1000),
    maxAgeSeconds,
  })
  .strict();

const sqsBacklogMetric = z
  .object({
    kind: z.literal('sqs-backlog'),
    name: metricName,
    queueName: dimensionValue,
    /** Messages each task should have waiting for it (an AverageValue target). */
    targetPerTask: targetValue,
    /** Count in-flight messages (ApproximateNumberOfMessagesNotVisible) as backlog too. */
    includeInFlight: z.boolean().default(false),
    maxAgeSeconds,
  })
  .strict();

const albRequestsMetric = z
  .object({
    kind: z.literal('alb-requests'),
    name: metricName,
    /** Target group ARN suffix, `targetgroup/<name>/<id>`. */
    targetGroup: dimensionValue,
    /** Load balancer ARN suffix `app/<name>/<id>`: required in `total` mode. */
    loadBalancer: dimensionValue.optional(),
    /**
     * `per-target`: RequestCountPerTarget (already an average per task) against a Value target.
     * `total`: RequestCount summed for the target group, divided by the target (AverageValue).
     */
    mode: z.enum(['per-target', 'total']).default('per-target'),
    /** Requests per task per `periodSeconds`. */
    targetPerTask: targetValue,
    periodSeconds: positiveSeconds.default(60),
    maxAgeSeconds,
  })
  .strict()
  .refine((m) => m.mode === 'per-target' || m.loadBalancer !== undefined, {
    message: 'loadBalancer is required when mode is total',
    path: ['loadBalancer'],
  });

const metricStatSchema = z
  .object({
    namespace: z.string().min(1).max(255),
    metricName: z.string().min(1).max(255),
    dimensions: z.record(z.string().min(1).max(255), dimensionValue).default({}),
    stat: statistic.default('Average'),
  })
  .strict()
  .refine((m) => Object.keys(m.dimensions).length <= 30, { message: 'at most 30 dimensions' });

const customMetric = z
  .object({
    kind: z.literal('custom'),
    name: metricName,
    /** A single metric; exclusive with `expression`. */
    metric: metricStatSchema.optional(),
    /** Metric math over `queries`, referenced by their keys, returning one time series. */
    expression: z.string().min(1).max(1024).optional(),
    queries: z.record(queryName, metricStatSchema).optional(),
    periodSeconds: positiveSeconds.default(60),
    /** Utilization: percent per task; Value: per-task value; AverageValue: whole-service total. */
    targetType: z.enum(['Utilization', 'Value', 'AverageValue']),
    target: targetValue,
    maxAgeSeconds,
  })
  .strict()
  .refine((m) => (m.metric === undefined) !== (m.expression === undefined), {
    message: 'set exactly one of metric or expression',
  })
  .refine((m) => m.expression === undefined || Object.keys(m.queries ?? {}).length > 0, {
    message: 'an expression needs at least one named query',
    path: ['queries'],
  })
  .refine((m) => Object.keys(m.queries ?? {}).length <= 10, {
    message: 'at most 10 named queries',
    path: ['queries'],
  });

/** One metric of a scaling rule, with its target. */
export const scaleMetricSchema = z.discriminatedUnion('kind', [
  cpuOrMemoryMetric,
  sqsBacklogMetric,
  albRequestsMetric,
  customMetric,
]);

const policySchema = z
  .object({
    type: z.enum(['Percent', 'Tasks']),
    value: z.int().min(1).max(10_000),
    periodSeconds: z.int().min(1).max(1800),
  })
  .strict();

const rulesSchema = (defaults: {
  stabilizationWindowSeconds: number;
  policies: z.infer<typeof policySchema>[];
}) =>
  z
    .object({
      stabilizationWindowSeconds: windowSeconds.default(defaults.stabilizationWindowSeconds),
      policies: z
        .array(policySchema)
        .min(1)
        .max(10)
        .default(() => defaults.policies.map((p) => ({ ...p }))),
      selectPolicy: z.enum(['Max', 'Min', 'Disabled']).default('Max'),
    })
    .strict()
    .prefault({});

const toleranceSchema = z
  .object({
    up: z.number().min(0).max(10).default(0.1),
    down: z.number().min(0).max(1).default(0.1),
  })
  .strict()
  .prefault({});

/** One rule: which services it selects and how they scale. */
export const scaleServiceRuleSchema = z
  .object({
    match: z.object({ cluster: glob.default('*'), service: glob }).strict(),
    min: taskCountSchema.min(1).default(1),
    max: taskCountSchema.min(1),
    scaleToZero: z
      .object({
        /** Active (KEDA) while the activating metric is strictly above this value. */
        activationThreshold: z.number().min(0),
        /** Name of the activating metric; default: every metric that is not cpu / memory. */
        metric: z.string().min(1).max(64).optional(),
      })
      .strict()
      .optional(),
    metrics: z.array(scaleMetricSchema).min(1).max(10),
    tolerance: toleranceSchema,
    behavior: z
      .object({
        scaleUp: rulesSchema({
          stabilizationWindowSeconds: 0,
          policies: [
            { type: 'Percent', value: 100, periodSeconds: 60 },
            { type: 'Tasks', value: 4, periodSeconds: 60 },
          ],
        }),
        scaleDown: rulesSchema({
          stabilizationWindowSeconds: 300,
          policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }],
        }),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (rule.min > rule.max) {
      ctx.addIssue({ code: 'custom', message: 'min must not exceed max', path: ['min'] });
    }
    const activating = rule.metrics.filter((m) => m.kind !== 'cpu' && m.kind !== 'memory');
    const wanted = rule.scaleToZero?.metric;
    if (rule.scaleToZero && activating.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'scaleToZero needs a metric other than cpu/memory (they have no data at 0 tasks)',
        path: ['scaleToZero'],
      });
    }
    if (wanted !== undefined && !activating.some((m) => m.name === wanted)) {
      ctx.addIssue({
        code: 'custom',
        message: `scaleToZero.metric "${wanted}" names no non-cpu/memory metric of this rule`,
        path: ['scaleToZero', 'metric'],
      });
    }
  });

/**
 * The `scale:` section of the policy document. `{}` or missing parses to nothing selected.
 */
export const scaleSectionSchema = z
  .object({
    dryRun: z.boolean().default(false),
    services: z.array(scaleServiceRuleSchema).max(100).default([]),
    /** Guard: a run planning more changes than this refuses to change anything. */
    maxServicesChangedPerRun: z.int().min(1).max(5000).default(50),
    /** CloudWatch namespace of the published recommendation and desired-count metrics. */
    recommendationNamespace: z
      .string()
      .min(1)
      .max(255)
      .refine((ns) => !ns.startsWith('AWS/'), { message: 'must not start with AWS/' })
      .default('ECSAutopilot'),
  })
  .strict()
  .prefault({});

/** The validated `scale:` section. */
export type ScaleConfig = z.infer<typeof scaleSectionSchema>;
/** One validated scaling rule. */
export type ScaleServiceRule = z.infer<typeof scaleServiceRuleSchema>;
/** One validated metric of a rule. */
export type ScaleMetricConfig = z.infer<typeof scaleMetricSchema>;
/** A rate policy of `behavior.scaleUp` / `behavior.scaleDown`. */
export type ScalePolicyConfig = z.infer<typeof policySchema>;
/** `behavior.scaleUp` or `behavior.scaleDown`. */
export type ScaleRulesConfig = ScaleServiceRule['behavior']['scaleUp'];
