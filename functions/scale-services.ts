import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { putMetricData } from '../shared/aws/cloudwatch-metrics.ts';
import { publishAuditEvents } from '../shared/aws/eventbridge-audit-events.ts';
import { getPacer } from '../shared/aws/pacer.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';
import { applyScaleDecisions, protectScaleIns } from '../shared/scale/act.ts';
import { gatherScaleInventory } from '../shared/scale/inventory.ts';
import { parseScaleInvocation, type ScaleInvocation } from '../shared/scale/invocation.ts';
import { decideServiceScale } from '../shared/scale/policy/decide-service-scale.ts';
import { gatherScaleReadings } from '../shared/scale/readings.ts';
import {
  buildScaledAuditEvents,
  buildScaleReport,
  buildTickRecommendationData,
  recordScaleMetrics,
  type ScaleTickReport,
} from '../shared/scale/report.ts';

/** Sets selected services' desiredCount from CloudWatch metrics: gather, decide, guard, act, report. */
export const handler = createHandler<ScaleInvocation, ScaleTickReport>({
  name: 'scale-services',
  parseEvent: parseScaleInvocation,
  handle: scaleServices,
});

async function scaleServices(
  invocation: ScaleInvocation,
  ctx: InvocationContext,
): Promise<ScaleTickReport> {
  const config = ctx.policy.scale;
  const manualDryRun = invocation.kind === 'manual' && invocation.dryRun === true;
  const dryRun = ctx.settings.DRY_RUN || config.dryRun || manualDryRun;
  const now = ctx.now.getTime();

  // Gather: the selected services (an alarm's only), then every metric in ⌈queries / 500⌉ calls.
  const only = invocation.kind === 'alarm' ? invocation.services : undefined;
  const inventory = await gatherScaleInventory(config, { only });
  const { batches, readings } = await gatherScaleReadings(inventory.services, config, now);

  // Decide, then read task protection only for the scale-ins the decisions plan.
  const decided = inventory.services.map((facts) => decideServiceScale(facts, readings, now));
  const decisions = await protectScaleIns(decided, ctx.now);

  // Guard and act: UpdateService only for changes, none under dry run or a refused guard.
  const outcomes = await applyScaleDecisions(
    decisions.map((decision, i) => ({
      decision,
      serviceArn: inventory.services[i]?.serviceArn ?? '',
    })),
    {
      dryRun,
      maxServicesChangedPerRun: config.maxServicesChangedPerRun,
      remainingMs: ctx.remainingMs,
      waitTimeMs: (command) => getPacer().waitTimeMs(command),
    },
  );

  // Report: log, metrics, recommendations for the next ticks, one audit event per change.
  const trigger = invocation.kind === 'alarm' ? `alarm:${invocation.alarmName}` : invocation.kind;
  const report = buildScaleReport({
    trigger,
    dryRun,
    outcomes,
    failures: inventory.failures,
    metricBatches: batches,
  });
  if (report.guardRefused) {
    ctx.logger.error('scale plan refused: too many changes', {
      max: config.maxServicesChangedPerRun,
    });
  }
  ctx.logger.info('scale tick', { report });
  recordScaleMetrics(ctx.metrics, report);
  await publishRecommendations(
    ctx,
    config.recommendationNamespace,
    buildTickRecommendationData(outcomes, now),
  );
  const audit = await publishAuditEvents(
    ctx.settings.AUDIT_EVENT_BUS_NAME,
    buildScaledAuditEvents(outcomes),
  );
  if (audit.undelivered.length > 0) {
    ctx.logger.error('audit events undelivered', { undelivered: audit.undelivered });
    ctx.metrics.addMetric('AuditEventsUndelivered', MetricUnit.Count, audit.undelivered.length);
  }
  return report;
}

/** A lost datapoint only weakens the next ticks' stabilization: report it, keep the tick. */
async function publishRecommendations(
  ctx: InvocationContext,
  namespace: string,
  data: Parameters<typeof putMetricData>[1],
): Promise<void> {
  if (data.length === 0) return;
  try {
    await putMetricData(namespace, data);
  } catch (error) {
    ctx.logger.error('recommendations not published', { error });
    ctx.metrics.addMetric('RecommendationsUnpublished', MetricUnit.Count, data.length);
  }
}
