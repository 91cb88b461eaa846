import { bundledScalePolicy } from './bundled-policy.ts';
import type { FunctionPolicySource } from './function-policy.ts';
import { reportGlobProblem } from './glob.ts';
import * as z from './zod.ts';

// The section's schemas are built on first use (`z.lazy`): a deployed function carries its section
// already validated (scripts/build.ts), so its cold start never builds them.

/** ECS's per-service task quota: no rule or tag may ask for more. */
export const MAX_TASKS_PER_SERVICE = 5000;

/** A whole number from `min` to `max` (zod's safe-integer `int`). */
const intBetween = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));
/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** A task count: a whole number between 0 and ECS's per-service quota. */
export const taskCountSchema = intBetween(0, MAX_TASKS_PER_SERVICE);

function buildScaleSchemas() {
  const positiveSeconds = intBetween(1, 3600);
  const windowSeconds = intBetween(0, 3600);
  const glob = text(1, 255).check(z.superRefine(reportGlobProblem));
  /** Dimension values may use `${cluster}` and `${service}`, filled per matched service. */
  const dimensionValue = text(1, 1024);
  const statistic = z
    .string()
    .check(z.regex(/^(Average|Sum|Minimum|Maximum|SampleCount|p\d{1,2}(\.\d+)?|tm\d{1,2}|IQM)$/));
  /** GetMetricData query ids: a lowercase letter then letters, digits, underscores. */
  const queryName = z.string().check(z.regex(/^[a-z][a-zA-Z0-9_]{0,63}$/));

  const targetValue = z.number().check(z.positive(), z.maximum(1e12));
  const maxAgeSeconds = z._default(intBetween(60, 86_400), 300);
  const metricName = z.optional(text(1, 64));

  /**
   * GetMetricData periods: "For metrics with regular resolution, a period can be as short as one
   * minute (60 seconds) and must be a multiple of 60. For high-resolution metrics [...] the
   * period can be 1, 5, 10, 20, 30, 60, or any multiple of 60" (MetricStat.Period, CloudWatch API
   * Reference).
   */
  const metricPeriod = positiveSeconds.check(
    z.refine((s) => [1, 5, 10, 20, 30].includes(s) || s % 60 === 0, {
      message: 'must be 1, 5, 10, 20, 30 or a multiple of 60 (CloudWatch periods)',
    }),
  );

  const cpuOrMemoryMetric = z.strictObject({
    kind: z.enum(['cpu', 'memory']),
    name: metricName,
    /** Target average utilization of the service, in percent of the reserved CPU / memory. */
    targetPercent: z.number().check(z.positive(), z.maximum(1000)),
    /**
     * The service's `CPUUtilization` / `MemoryUtilization` resolution: 60 s by default, 20 s when
     * its monitoring configuration (CreateService / UpdateService `monitoring`,
     * MetricConfiguration.resolutionSeconds: 20 or 60) asks ECS for 20-second metrics.
     */
    periodSeconds: z._default(z.literal([20, 60]), 60),
    /**
     * Also read each task's own CpuUtilized / MemoryUtilized (Container Insights with enhanced
     * observability, `ECS/ContainerInsights` with the TaskId dimension) for the services a tick
     * would change, so tasks that report nothing are known (Kubernetes' missing-pod rule).
     */
    perTask: z._default(z.boolean(), false),
    maxAgeSeconds,
  });

  const sqsBacklogMetric = z.strictObject({
    kind: z.literal('sqs-backlog'),
    name: metricName,
    queueName: dimensionValue,
    /** Messages each task should have waiting for it (an AverageValue target). */
    targetPerTask: targetValue,
    /** Count in-flight messages (ApproximateNumberOfMessagesNotVisible) as backlog too. */
    includeInFlight: z._default(z.boolean(), false),
    /**
     * `queue`: SQS GetQueueAttributes at every evaluation (current counts, a queue of this
     * account and Region); `cloudwatch`: the `AWS/SQS` metrics (one-minute datapoints, later).
     */
    source: z._default(z.enum(['queue', 'cloudwatch']), 'queue'),
    maxAgeSeconds,
  });

  const albRequestsMetric = z
    .strictObject({
      kind: z.literal('alb-requests'),
      name: metricName,
      /** Target group ARN suffix, `targetgroup/<name>/<id>`. */
      targetGroup: dimensionValue,
      /** Load balancer ARN suffix `app/<name>/<id>`: required in `total` mode. */
      loadBalancer: z.optional(dimensionValue),
      /**
       * `per-target`: RequestCountPerTarget (already an average per task) against a Value target.
       * `total`: RequestCount summed for the target group, divided by the target (AverageValue).
       */
      mode: z._default(z.enum(['per-target', 'total']), 'per-target'),
      /** Requests per task per `periodSeconds`. */
      targetPerTask: targetValue,
      periodSeconds: z._default(metricPeriod, 60),
      maxAgeSeconds,
    })
    .check(
      z.refine((m) => m.mode === 'per-target' || m.loadBalancer !== undefined, {
        message: 'loadBalancer is required when mode is total',
        path: ['loadBalancer'],
      }),
    );

  const metricStatSchema = z
    .strictObject({
      namespace: text(1, 255),
      metricName: text(1, 255),
      dimensions: z._default(z.record(text(1, 255), dimensionValue), {}),
      stat: z._default(statistic, 'Average'),
    })
    .check(
      z.refine((m) => Object.keys(m.dimensions).length <= 30, { message: 'at most 30 dimensions' }),
    );

  const customMetric = z
    .strictObject({
      kind: z.literal('custom'),
      name: metricName,
      /** A single metric; exclusive with `expression`. */
      metric: z.optional(metricStatSchema),
      /** Metric math over `queries`, referenced by their keys, returning one time series. */
      expression: z.optional(text(1, 1024)),
      queries: z.optional(z.record(queryName, metricStatSchema)),
      /** 10 or 20 for a high-resolution metric (published with StorageResolution 1). */
      periodSeconds: z._default(metricPeriod, 60),
      /** Utilization: percent per task; Value: per-task value; AverageValue: whole-service total. */
      targetType: z.enum(['Utilization', 'Value', 'AverageValue']),
      target: targetValue,
      maxAgeSeconds,
    })
    .check(
      z.refine((m) => (m.metric === undefined) !== (m.expression === undefined), {
        message: 'set exactly one of metric or expression',
      }),
      z.refine((m) => m.expression === undefined || Object.keys(m.queries ?? {}).length > 0, {
        message: 'an expression needs at least one named query',
        path: ['queries'],
      }),
      z.refine((m) => Object.keys(m.queries ?? {}).length <= 10, {
        message: 'at most 10 named queries',
        path: ['queries'],
      }),
    );

  const scaleMetricSchema = z.discriminatedUnion('kind', [
    cpuOrMemoryMetric,
    sqsBacklogMetric,
    albRequestsMetric,
    customMetric,
  ]);

  const policySchema = z.strictObject({
    type: z.enum(['Percent', 'Tasks']),
    value: intBetween(1, 10_000),
    periodSeconds: intBetween(1, 1800),
  });

  const rulesSchema = (defaults: {
    stabilizationWindowSeconds: number;
    policies: z.infer<typeof policySchema>[];
  }) =>
    z.prefault(
      z.strictObject({
        stabilizationWindowSeconds: z._default(windowSeconds, defaults.stabilizationWindowSeconds),
        policies: z._default(z.array(policySchema).check(z.minLength(1), z.maxLength(10)), () =>
          defaults.policies.map((p) => ({ ...p })),
        ),
        selectPolicy: z._default(z.enum(['Max', 'Min', 'Disabled']), 'Max'),
      }),
      {},
    );

  const toleranceSchema = z.prefault(
    z.strictObject({
      up: z._default(z.number().check(z.minimum(0), z.maximum(10)), 0.1),
      down: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.1),
    }),
    {},
  );

  /** Kubernetes' readiness periods (its controller defaults), per rule. */
  const readinessSchema = z.prefault(
    z.strictObject({
      /** After a task starts, its CPU counts only once it is ready and warm (HPA: 5 min). */
      cpuStartupPeriodSeconds: z._default(intBetween(0, 3600), 300),
      /** After a task starts, an UNKNOWN health status is not taken as ready yet (HPA: 30 s). */
      readinessDelaySeconds: z._default(intBetween(0, 600), 30),
    }),
    {},
  );

  const scaleServiceRuleSchema = z
    .strictObject({
      match: z.strictObject({ cluster: z._default(glob, '*'), service: glob }),
      min: z._default(taskCountSchema.check(z.minimum(1)), 1),
      max: taskCountSchema.check(z.minimum(1)),
      scaleToZero: z.optional(
        z.strictObject({
          /** Active (KEDA) while the activating metric is strictly above this value. */
          activationThreshold: z.number().check(z.minimum(0)),
          /** Name of the activating metric; default: every metric that is not cpu / memory. */
          metric: z.optional(text(1, 64)),
        }),
      ),
      metrics: z.array(scaleMetricSchema).check(z.minLength(1), z.maxLength(10)),
      tolerance: toleranceSchema,
      readiness: readinessSchema,
      behavior: z.prefault(
        z.strictObject({
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
        }),
        {},
      ),
    })
    .check(
      z.superRefine((rule, ctx) => {
        if (rule.min > rule.max) {
          ctx.addIssue({ code: 'custom', message: 'min must not exceed max', path: ['min'] });
        }
        const activating = rule.metrics.filter((m) => m.kind !== 'cpu' && m.kind !== 'memory');
        const wanted = rule.scaleToZero?.metric;
        if (rule.scaleToZero && activating.length === 0) {
          ctx.addIssue({
            code: 'custom',
            message:
              'scaleToZero needs a metric other than cpu/memory (they have no data at 0 tasks)',
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
      }),
    );

  const scaleSectionSchema = z.prefault(
    z.strictObject({
      dryRun: z._default(z.boolean(), false),
      services: z._default(z.array(scaleServiceRuleSchema).check(z.maxLength(100)), []),
      /** Guard: at most this many services scaled in per tick; scale-outs are never held back. */
      maxServicesChangedPerRun: z._default(intBetween(1, 5000), 50),
      /**
       * Seconds between evaluations within one scheduled invocation: 60 evaluates once a minute;
       * 30, 20 or 10 evaluate again every so many seconds until the function's time budget ends
       * (see docs/scale.md, "Sub-minute scaling", for what it costs).
       */
      evaluationIntervalSeconds: z._default(z.literal([10, 20, 30, 60]), 60),
      /** CloudWatch namespace of the published recommendation and desired-count metrics. */
      recommendationNamespace: z._default(
        text(1, 255).check(
          z.refine((ns) => !ns.startsWith('AWS/'), { message: 'must not start with AWS/' }),
        ),
        'ECSAutopilot',
      ),
    }),
    {},
  );
  return {
    metric: scaleMetricSchema,
    rule: scaleServiceRuleSchema,
    section: scaleSectionSchema,
    ratePolicy: policySchema,
  };
}

let built: ReturnType<typeof buildScaleSchemas> | undefined;
const schemas = () => {
  built ??= buildScaleSchemas();
  return built;
};

/** One metric of a scaling rule, with its target. */
export const scaleMetricSchema = z.lazy(() => schemas().metric);

/** One rule: which services it selects and how they scale. */
export const scaleServiceRuleSchema = z.lazy(() => schemas().rule);

/**
 * The `scale:` section of the policy document. `{}` or missing parses to nothing selected.
 */
export const scaleSectionSchema = z.lazy(() => schemas().section);

/** The validated `scale:` section. */
export type ScaleConfig = z.infer<typeof scaleSectionSchema>;
/** One validated scaling rule. */
export type ScaleServiceRule = z.infer<typeof scaleServiceRuleSchema>;
/** One validated metric of a rule. */
export type ScaleMetricConfig = z.infer<typeof scaleMetricSchema>;
/** A rate policy of `behavior.scaleUp` / `behavior.scaleDown`. */
export type ScalePolicyConfig = z.infer<ReturnType<typeof schemas>['ratePolicy']>;
/** `behavior.scaleUp` or `behavior.scaleDown`. */
export type ScaleRulesConfig = ScaleServiceRule['behavior']['scaleUp'];

/**
 * The scale function's policy: the `scale:` section compiled into its bundle, or read from a
 * `POLICY_FILE` override and validated with {@link scaleSectionSchema}.
 */
export const scaleFunctionPolicy: FunctionPolicySource<'scale'> = {
  schemas: { scale: scaleSectionSchema },
  bundled: bundledScalePolicy,
};
