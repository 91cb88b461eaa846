import { scaleFunctionPolicy } from '../shared/config/scale-section.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';
import { applyScalePlan } from '../shared/scale/act.ts';
import { parseScaleInvocation, type ScaleInvocation } from '../shared/scale/invocation.ts';
import { planScaleTick } from '../shared/scale/plan-tick.ts';
import {
  buildScaledAuditEvents,
  buildScaleReport,
  publishRecommendations,
  recordScaleMetrics,
  type ScaleTickReport,
} from '../shared/scale/report.ts';

/** Sets selected services' desiredCount from CloudWatch metrics: gather, decide, guard, act, report. */
export const handler = createHandler<ScaleInvocation, ScaleTickReport, 'scale'>({
  name: 'scale-services',
  policy: scaleFunctionPolicy,
  parseEvent: parseScaleInvocation,
  // A payload can only make the tick safer: its `dryRun: false` never overrides a dry run.
  dryRun: (policy, invocation) =>
    policy.scale.dryRun || (invocation.kind === 'manual' && invocation.dryRun === true),
  handle: scaleServices,
});

async function scaleServices(
  invocation: ScaleInvocation,
  ctx: InvocationContext<'scale'>,
): Promise<ScaleTickReport> {
  const config = ctx.policy.scale;
  // Gather, decide and guard: the selected services (an alarm's only), their metrics, the pure
  // decisions, the tasks of the services that would change (readiness, protection), then the
  // cap on scale-ins per tick.
  const only = invocation.kind === 'alarm' ? invocation.services : undefined;
  const { plan, failures, metricBatches } = await planScaleTick(config, { now: ctx.now, only });
  // Act: UpdateService only for allowed changes, none under dry run.
  const outcomes = await applyScalePlan(plan, {
    dryRun: ctx.dryRun,
    remainingMs: ctx.remainingMs,
    waitTimeMs: ctx.pacer.waitTimeMs,
  });

  // Report: log, metrics, recommendations for the next ticks, one audit event per change.
  const trigger = invocation.kind === 'alarm' ? `alarm:${invocation.alarmName}` : invocation.kind;
  const report = buildScaleReport({
    trigger,
    dryRun: ctx.dryRun,
    outcomes,
    failures,
    metricBatches,
  });
  if (plan.heldBack > 0) {
    ctx.logger.warn('scale-ins held back: more than maxServicesChangedPerRun', {
      max: config.maxServicesChangedPerRun,
      heldBack: plan.heldBack,
    });
  }
  ctx.logger.info('scale tick', { report });
  recordScaleMetrics(ctx.metrics, report);
  await publishRecommendations(outcomes, {
    namespace: config.recommendationNamespace,
    now: ctx.now.getTime(),
    ctx,
  });
  await ctx.publishAudit(buildScaledAuditEvents(outcomes));
  return report;
}
