import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { putMetricData } from '../aws/cloudwatch-metrics.ts';
import type { AuditEvent } from '../aws/eventbridge-audit-events.ts';
import type { InvocationContext } from '../runtime/invocation-context.ts';
import type { ScaleOutcome, ScaleOutcomeStatus } from './act.ts';
import type { ScaleGatherFailure } from './inventory.ts';
import {
  buildRecommendationData,
  type MetricDatumLike,
} from './policy/build-recommendation-data.ts';
import type { MetricDetail, ScaleReason } from './policy/scale-types.ts';

/** The audit event's detail-type; one event per service whose count changed. */
export const serviceScaledDetailType = 'Service Scaled';

/** One service's line of the tick report: the decision, its inputs and what was done. */
export type ScaleServiceReport = {
  cluster: string;
  service: string;
  currentCount: number;
  desiredCount: number;
  desiredCountAfterTick: number;
  reason: ScaleReason;
  status: ScaleOutcomeStatus;
  recommendation: number | undefined;
  metrics: MetricDetail[];
  notes: string[];
  error?: string;
};

/** What a tick returns and logs. */
export type ScaleTickReport = {
  trigger: string;
  dryRun: boolean;
  totals: {
    selected: number;
    scaledOut: number;
    scaledIn: number;
    unchanged: number;
    /** Scale-ins beyond `maxServicesChangedPerRun`, held back until a later tick. */
    heldBack: number;
    failed: number;
    notStarted: number;
    notDescribed: number;
  };
  /** GetMetricData calls planned (one per 500 queries) and the queries they carry. */
  metricCalls: number;
  metricQueries: number;
  /** Queues read straight from SQS (one GetQueueAttributes each); those that failed, named. */
  queueReads: number;
  queueFailures?: string[];
  services: ScaleServiceReport[];
  notDescribed: ScaleGatherFailure[];
};

export type ScaleReportInput = {
  trigger: string;
  dryRun: boolean;
  outcomes: readonly ScaleOutcome[];
  failures: readonly ScaleGatherFailure[];
  metricBatches: readonly (readonly unknown[])[];
  queues?: { read: number; failed: readonly string[] };
};

/**
 * Builds the tick report: one line per selected service, with its reason and inputs.
 *
 * @returns the report; totals count applied changes only (a dry run scales nothing).
 */
export function buildScaleReport(input: ScaleReportInput): ScaleTickReport {
  const { outcomes } = input;
  const updated = outcomes.filter((o) => o.status === 'updated');
  const count = (status: ScaleOutcomeStatus) => outcomes.filter((o) => o.status === status).length;
  return {
    trigger: input.trigger,
    dryRun: input.dryRun,
    totals: {
      selected: outcomes.length,
      scaledOut: updated.filter((o) => o.decision.desiredCount > o.decision.currentCount).length,
      scaledIn: updated.filter((o) => o.decision.desiredCount < o.decision.currentCount).length,
      unchanged: count('unchanged'),
      heldBack: count('held-back'),
      failed: count('failed'),
      notStarted: count('not-started'),
      notDescribed: input.failures.length,
    },
    metricCalls: input.metricBatches.length,
    metricQueries: input.metricBatches.reduce((sum, batch) => sum + batch.length, 0),
    queueReads: input.queues?.read ?? 0,
    ...(input.queues?.failed.length ? { queueFailures: [...input.queues.failed] } : {}),
    services: outcomes.map(({ decision, status, desiredCountAfterTick, error }) => ({
      cluster: decision.clusterName,
      service: decision.serviceName,
      currentCount: decision.currentCount,
      desiredCount: decision.desiredCount,
      desiredCountAfterTick,
      reason: decision.reason,
      status,
      recommendation: decision.recommendation,
      metrics: decision.metrics,
      notes: decision.notes,
      ...(error === undefined ? {} : { error }),
    })),
    notDescribed: [...input.failures],
  };
}

/**
 * Emits the tick's metrics: ServicesScaledOut, ServicesScaledIn, ScaleInsHeldBack,
 * ServicesNotDescribed, ServiceUpdatesFailed, and ScaleDecisions per reason (a dimension of at
 * most one value per reason).
 */
export function recordScaleMetrics(metrics: Metrics, report: ScaleTickReport): void {
  const { totals } = report;
  metrics.addMetric('ServicesScaledOut', MetricUnit.Count, totals.scaledOut);
  metrics.addMetric('ServicesScaledIn', MetricUnit.Count, totals.scaledIn);
  metrics.addMetric('ScaleInsHeldBack', MetricUnit.Count, totals.heldBack);
  metrics.addMetric('ServicesNotDescribed', MetricUnit.Count, totals.notDescribed);
  metrics.addMetric('ServiceUpdatesFailed', MetricUnit.Count, totals.failed);
  const byReason = new Map<string, number>();
  for (const line of report.services)
    byReason.set(line.reason, (byReason.get(line.reason) ?? 0) + 1);
  for (const [reason, n] of byReason) {
    const single = metrics.singleMetric();
    single.addDimension('reason', reason);
    single.addMetric('ScaleDecisions', MetricUnit.Count, n);
  }
}

/** One `Service Scaled` audit event per service whose count the tick changed. */
export function buildScaledAuditEvents(outcomes: readonly ScaleOutcome[]): AuditEvent[] {
  return outcomes.flatMap(({ decision, status, serviceArn }) => {
    if (status !== 'updated') return [];
    const detail = {
      cluster: decision.clusterName,
      service: decision.serviceName,
      from: decision.currentCount,
      to: decision.desiredCount,
      reason: decision.reason,
      recommendation: decision.recommendation,
      metrics: decision.metrics,
      notes: decision.notes,
    };
    return [{ detailType: serviceScaledDetailType, detail, resources: [serviceArn] }];
  });
}

/**
 * The datapoints the tick publishes for stabilization and rate policies: each service's raw
 * recommendation and the count it really has after the tick (the current one under dry run,
 * a held-back scale-in or a failure, so later ticks count only changes that happened).
 */
export function buildTickRecommendationData(
  outcomes: readonly ScaleOutcome[],
  now: number,
  highResolution = false,
): MetricDatumLike[] {
  return outcomes.flatMap(({ decision, desiredCountAfterTick }) =>
    buildRecommendationData(decision, { desiredCountAfterTick, now, highResolution }),
  );
}

/**
 * Publishes the tick's recommendation and desired-count datapoints for the next ticks. A lost
 * datapoint only weakens the next ticks' stabilization: it is logged and counted
 * (`RecommendationsUnpublished`), and the tick goes on. Requires cloudwatch:PutMetricData.
 */
export async function publishRecommendations(
  outcomes: readonly ScaleOutcome[],
  options: {
    namespace: string;
    now: number;
    /** Published with StorageResolution 1 (sub-minute evaluations). */
    highResolution?: boolean;
    ctx: Pick<InvocationContext, 'logger' | 'metrics'>;
  },
): Promise<void> {
  const data = buildTickRecommendationData(outcomes, options.now, options.highResolution);
  if (data.length === 0) return;
  const { logger, metrics } = options.ctx;
  try {
    await putMetricData(options.namespace, data);
  } catch (error) {
    logger.error('recommendations not published', { error });
    metrics.addMetric('RecommendationsUnpublished', MetricUnit.Count, data.length);
  }
}
