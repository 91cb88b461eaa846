import type { InvocationContext } from '../runtime/invocation-context.ts';
import { applyScalePlan, type ScaleOutcome } from './act.ts';
import type { ScaleListing, ScaleServiceName } from './inventory.ts';
import { planScaleTick } from './plan-tick.ts';
import { isScaleInPlanned } from './policy/apply-task-protection.ts';
import type { ReadBacks, SubTickHistory } from './policy/sub-tick-history.ts';
import {
  buildScaledAuditEvents,
  buildScaleReport,
  publishRecommendations,
  recordScaleMetrics,
  type ScaleTickReport,
} from './report.ts';

/** What one evaluation needs beyond the invocation context. */
export type EvaluationOptions = {
  /** What started the invocation, as the report names it (`scheduled`, `alarm:<name>`). */
  trigger: string;
  /** The moment this evaluation decides with. */
  now: Date;
  /** An alarm's services: the evaluation looks at these only. */
  only?: readonly ScaleServiceName[] | undefined;
  /** The invocation's earlier evaluations. */
  history: SubTickHistory;
  /** Scale-ins this evaluation may still make within the invocation's cap. */
  scaleInBudget: number;
  /** The invocation's first evaluation's read-backs (later evaluations read none again). */
  readBacks?: ReadBacks | undefined;
  /** The invocation's first evaluation's listing (later evaluations only describe again). */
  listing?: ScaleListing | undefined;
};

/** One evaluation's report, its outcomes, the scale-ins it let through, and what it read once. */
export type Evaluation = {
  report: ScaleTickReport;
  outcomes: ScaleOutcome[];
  scaleIns: number;
  readBacks: ReadBacks;
  listing: ScaleListing | undefined;
};

/**
 * One evaluation of the selected services: gather, decide, guard, act, report. Every evaluation
 * publishes its recommendations and counts for the next ones (high-resolution when the function
 * evaluates more often than once a minute) and an audit event per change.
 *
 * @returns the report and outcomes; never throws for a service that fails to update.
 * @throws AwsCallError when listing the services or reading the metrics fails.
 */
export async function evaluateScale(
  ctx: InvocationContext<'scale'>,
  options: EvaluationOptions,
): Promise<Evaluation> {
  const config = ctx.policy.scale;
  const { now } = options;
  // Gather, decide and guard: the selected services (an alarm's only), their metrics and queue
  // backlogs, the pure decisions (with this invocation's earlier evaluations), the tasks of the
  // services that would change (readiness, protection), then the invocation's scale-in cap.
  const planned = await planScaleTick(config, {
    now,
    only: options.only,
    history: options.history,
    scaleInBudget: options.scaleInBudget,
    readBacks: options.readBacks,
    listing: options.listing,
  });
  const { plan } = planned;
  // Act: UpdateService only for allowed changes, none under dry run.
  const outcomes = await applyScalePlan(plan, {
    dryRun: ctx.dryRun,
    remainingMs: ctx.remainingMs,
    waitTimeMs: ctx.pacer.waitTimeMs,
  });
  // Report: log, metrics, recommendations for the next evaluations, one audit event per change.
  const report = buildScaleReport({
    trigger: options.trigger,
    dryRun: ctx.dryRun,
    outcomes,
    failures: planned.failures,
    metricBatches: planned.metricBatches,
    queues: planned.queues,
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
    now: now.getTime(),
    highResolution: config.evaluationIntervalSeconds < 60,
    ctx,
  });
  await ctx.publishAudit(buildScaledAuditEvents(outcomes));
  const scaleIns = plan.items.filter(
    (item) => item.guard === 'allowed' && isScaleInPlanned(item.decision),
  ).length;
  return { report, outcomes, scaleIns, readBacks: planned.readBacks, listing: planned.listing };
}
