import { scaleFunctionPolicy } from '../shared/config/scale-section.ts';
import { createHandler } from '../shared/runtime/create-handler.ts';
import type { InvocationContext } from '../shared/runtime/invocation-context.ts';
import { type Evaluation, evaluateScale } from '../shared/scale/evaluate.ts';
import { parseScaleInvocation, type ScaleInvocation } from '../shared/scale/invocation.ts';
import { recordEvaluation } from '../shared/scale/policy/sub-tick-history.ts';
import type { ScaleTickReport } from '../shared/scale/report.ts';
import {
  carryHistory,
  combineEvaluationReports,
  keepHistory,
  type ScaleInvocationReport,
  startSubTickClock,
} from '../shared/scale/sub-ticks.ts';

/**
 * Sets selected services' desiredCount from CloudWatch metrics and queue backlogs: gather, decide,
 * guard, act, report, once a minute or every `evaluationIntervalSeconds` within it.
 */
export const handler = createHandler<ScaleInvocation, ScaleInvocationReport, 'scale'>({
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
): Promise<ScaleInvocationReport> {
  const only = invocation.kind === 'alarm' ? invocation.services : undefined;
  const trigger = invocation.kind === 'alarm' ? `alarm:${invocation.alarmName}` : invocation.kind;
  // A scheduled invocation evaluates again every evaluationIntervalSeconds until the minute or
  // the time budget ends; each evaluation sees the earlier ones, this invocation's and the
  // container's last ones (stabilization, rate policies), and they share the invocation's cap on
  // scale-ins.
  const scheduledAt = invocation.kind === 'scheduled' ? Date.parse(invocation.time) : undefined;
  const clock = startSubTickClock(ctx, invocation.kind, scheduledAt);
  let history = carryHistory(ctx.now.getTime(), ctx.policy.scale.evaluationIntervalSeconds);
  let scaleInBudget = ctx.policy.scale.maxServicesChangedPerRun;
  let readOnce: Pick<Evaluation, 'readBacks' | 'listing'> | undefined;
  const reports: { report: ScaleTickReport; at: number }[] = [];
  for (let now = await clock.next(); now !== undefined; now = await clock.next()) {
    // Gather, decide, guard, act and report once (shared/scale/evaluate.ts); later evaluations
    // reuse the first one's listing of the services and its read-backs from CloudWatch.
    const options = { trigger, now, only, history, scaleInBudget, ...readOnce };
    const evaluation = await evaluateScale(ctx, options);
    history = recordEvaluation(history, evaluation.outcomes, now.getTime());
    keepHistory(history);
    scaleInBudget = Math.max(0, scaleInBudget - evaluation.scaleIns);
    readOnce = { readBacks: evaluation.readBacks, listing: evaluation.listing };
    reports.push({ report: evaluation.report, at: now.getTime() });
  }
  return combineEvaluationReports(reports);
}
