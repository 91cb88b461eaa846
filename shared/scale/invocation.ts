import { formatIssues } from '../config/format-issues.ts';
import * as z from '../config/zod.ts';
import { InvalidEventError } from '../runtime/errors.ts';

const ecsName = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,255}$/));
const nonEmpty = z.string().check(z.minLength(1));

/** The schedule's EventBridge `Scheduled Event`; only what the report quotes is read. */
const scheduledEventSchema = z.object({
  id: nonEmpty,
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: nonEmpty,
});

const alarmMetricSchema = z.object({
  metricStat: z.optional(
    z.object({
      metric: z.object({ dimensions: z._default(z.record(z.string(), z.string()), {}) }),
    }),
  ),
});

/** EventBridge's `CloudWatch Alarm State Change`: the services its metrics name are evaluated. */
const alarmEventSchema = z.object({
  id: nonEmpty,
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  source: z.literal('aws.cloudwatch'),
  time: nonEmpty,
  detail: z.object({
    alarmName: nonEmpty,
    state: z.object({ value: nonEmpty }),
    configuration: z.prefault(
      z.object({ metrics: z._default(z.array(alarmMetricSchema), []) }),
      {},
    ),
  }),
});

/** An operator's manual run; strict, so a mistyped `dryrun` is an error, not a real run. */
const manualInvocationSchema = z.strictObject({ dryRun: z.optional(z.boolean()) });

/** A service an alarm names by its ClusterName and ServiceName dimensions. */
export type AlarmedService = { clusterName: string; serviceName: string };

/** What started a tick, normalised. */
export type ScaleInvocation =
  | { kind: 'scheduled'; eventId: string; time: string }
  | { kind: 'alarm'; eventId: string; alarmName: string; state: string; services: AlarmedService[] }
  | { kind: 'manual'; dryRun: boolean | undefined };

/**
 * Parses the scale function's payload: the schedule's `Scheduled Event`, a `CloudWatch Alarm
 * State Change` (an immediate evaluation of the services whose ClusterName / ServiceName
 * dimensions its metrics carry), or a manual `{ dryRun? }` (empty: a manual tick).
 *
 * @returns the normalised invocation; an alarm naming no service yields an empty list.
 * @throws InvalidEventError naming every problem (`path: message`).
 */
export function parseScaleInvocation(raw: unknown): ScaleInvocation {
  const detailType = isObject(raw) ? raw['detail-type'] : undefined;
  if (detailType === 'CloudWatch Alarm State Change') {
    const event = parseWith(alarmEventSchema, raw);
    return {
      kind: 'alarm',
      eventId: event.id,
      alarmName: event.detail.alarmName,
      state: event.detail.state.value,
      services: listAlarmedServices(event.detail.configuration.metrics),
    };
  }
  if (detailType !== undefined) {
    const event = parseWith(scheduledEventSchema, raw);
    return { kind: 'scheduled', eventId: event.id, time: event.time };
  }
  return { kind: 'manual', dryRun: parseWith(manualInvocationSchema, raw ?? {}).dryRun };
}

function listAlarmedServices(metrics: z.infer<typeof alarmMetricSchema>[]): AlarmedService[] {
  const services = new Map<string, AlarmedService>();
  for (const metric of metrics) {
    const dimensions = metric.metricStat?.metric.dimensions ?? {};
    const clusterName = ecsName.safeParse(dimensions.ClusterName);
    const serviceName = ecsName.safeParse(dimensions.ServiceName);
    if (!clusterName.success || !serviceName.success) continue;
    const service = { clusterName: clusterName.data, serviceName: serviceName.data };
    services.set(`${service.clusterName}/${service.serviceName}`, service);
  }
  return [...services.values()];
}

function parseWith<T>(schema: z.ZodMiniType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidEventError(formatIssues(result.error.issues));
  return result.data;
}

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null;
}
