import * as z from 'zod';
import { formatIssues } from '../config/format-issues.ts';
import { InvalidEventError } from '../errors.ts';

const ecsName = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/);

/** The schedule's EventBridge `Scheduled Event`; only what the report quotes is read. */
const scheduledEventSchema = z.object({
  id: z.string().min(1),
  'detail-type': z.literal('Scheduled Event'),
  source: z.literal('aws.events'),
  time: z.string().min(1),
});

const alarmMetricSchema = z.object({
  metricStat: z
    .object({
      metric: z.object({ dimensions: z.record(z.string(), z.string()).default({}) }),
    })
    .optional(),
});

/** EventBridge's `CloudWatch Alarm State Change`: the services its metrics name are evaluated. */
const alarmEventSchema = z.object({
  id: z.string().min(1),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  source: z.literal('aws.cloudwatch'),
  time: z.string().min(1),
  detail: z.object({
    alarmName: z.string().min(1),
    state: z.object({ value: z.string().min(1) }),
    configuration: z.object({ metrics: z.array(alarmMetricSchema).default([]) }).prefault({}),
  }),
});

/** An operator's manual run; strict, so a mistyped `dryrun` is an error, not a real run. */
const manualInvocationSchema = z.object({ dryRun: z.boolean().optional() }).strict();

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

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidEventError(formatIssues(result.error.issues));
  return result.data;
}

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null;
}
