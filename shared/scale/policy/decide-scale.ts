import type { ScaleServiceRule } from '../../config/scale-section.ts';
import {
  calculateRateLimit,
  deriveScaleEvents,
  stabilizeRecommendation,
} from './apply-behavior.ts';
import { applyTaskProtection } from './apply-task-protection.ts';
import { buildCalculatorInput, type TaskSamples } from './build-calculator-input.ts';
import { calculateReplicas } from './calculate-replicas.ts';
import { decideActivation, decideFromZero } from './decide-activation.ts';
import { describeMetricTarget } from './describe-metric-target.ts';
import { applyScaleTags } from './scale-tags.ts';
import type {
  MetricDetail,
  ScaleDecision,
  ScaleReason,
  ScaleServiceSnapshot,
  TimedValue,
} from './scale-types.ts';

/** Everything one service's decision depends on; the handler gathers it. */
export type DecideScaleInput = {
  service: ScaleServiceSnapshot;
  /** The rule that matched the service, before its tags are applied. */
  config: ScaleServiceRule;
  /** Latest value of each metric of `config.metrics`, by index; undefined when missing. */
  metrics: readonly (number | undefined)[];
  /** Recommendations published by earlier ticks (read back for stabilization). */
  recommendationsHistory: readonly TimedValue[];
  /** Desired counts published by earlier ticks (read back for rate policies); optional. */
  desiredHistory?: readonly TimedValue[];
  /** Per-task samples of each metric of `config.metrics`, by index, when the tick read them. */
  taskSamples?: readonly (TaskSamples | undefined)[];
  /** Protected RUNNING tasks, when already known; see {@link applyTaskProtection}. */
  protectedTasks?: number;
  deploymentInProgress: boolean;
  /** The service is registered with Application Auto Scaling. */
  managedElsewhere: boolean;
  /** Epoch milliseconds. */
  now: number;
};

/**
 * Decides a service's desiredCount with Kubernetes HPA semantics: per-metric proposals (the
 * largest wins), stabilization, clamping to min / max, then the rate policies, then the safety
 * guards (no scale-in while a metric is missing or a deployment is in progress, never below the
 * protected tasks). Scale to / from zero follows KEDA's activation threshold.
 *
 * @returns a decision whose `desiredCount` equals `currentCount` when nothing must change, with
 *   the reason, each metric's proposal and the raw recommendation to publish.
 * @throws never: every expected situation is a decision with a reason.
 */
export function decideScale(input: DecideScaleInput): ScaleDecision {
  const { service, now } = input;
  const currentCount = service.desiredCount;
  const base = { clusterName: service.clusterName, serviceName: service.serviceName, currentCount };
  const keep = (reason: ScaleReason, metrics: MetricDetail[] = [], notes: string[] = []) => ({
    ...base,
    desiredCount: currentCount,
    reason,
    metrics,
    recommendation: undefined,
    notes,
  });

  const override = applyScaleTags(input.config, service.tags ?? {});
  if (override.status === 'opted-out') return keep('opted-out');
  if (override.status === 'invalid') return keep('invalid-tags', [], override.errors);
  if (input.managedElsewhere) return keep('managed-elsewhere');
  const rule = override.rule;

  const details = rule.metrics.map((metric, index) =>
    describeMetric({ metric, index, rule, input }),
  );

  const activation = decideActivation(rule, input.metrics);
  if (currentCount === 0) {
    if (activation === 'always') return keep('scaling-disabled', details);
    return decideFromZero({ base, rule, details, activation, input });
  }

  // HPA rescales a target outside [min, max] before looking at metrics.
  let outOfRange: ScaleDecision | undefined;
  if (currentCount > rule.max)
    outOfRange = { ...keep('clamped-to-max', details), desiredCount: rule.max };
  if (currentCount < rule.min)
    outOfRange = { ...keep('clamped-to-min', details), desiredCount: rule.min };
  if (outOfRange) return guard(outOfRange, input);

  const proposals = details.flatMap((d) => (d.proposal === undefined ? [] : [d.proposal]));
  const anyMissing = proposals.length < details.length;
  let recommendation: number;
  if (activation === 'inactive') {
    // KEDA: the activation decision has priority over the scaling metrics.
    recommendation = 0;
  } else {
    if (proposals.length === 0) return keep('missing-metrics', details);
    recommendation = Math.max(...proposals);
    // A missing metric might have asked for more: only scale-out is safe (HPA).
    if (anyMissing && recommendation < currentCount) return keep('missing-metrics', details);
  }

  const { behavior } = rule;
  const stabilized = stabilizeRecommendation({
    currentCount,
    recommendation,
    history: input.recommendationsHistory,
    scaleUpWindowSeconds: behavior.scaleUp.stabilizationWindowSeconds,
    scaleDownWindowSeconds: behavior.scaleDown.stabilizationWindowSeconds,
    now,
  });
  const decided = { ...keep('within-tolerance', details), recommendation };
  if (stabilized === 0 && activation === 'inactive') {
    // The scale-down window doubles as KEDA's cooldown: zero only after a window of zeros.
    return guard({ ...decided, desiredCount: 0, reason: 'scale-to-zero' }, input);
  }

  const clamped = Math.min(Math.max(stabilized, rule.min), rule.max);
  const events = deriveScaleEvents(input.desiredHistory ?? []);
  const direction = clamped > currentCount ? 'up' : 'down';
  const limit = calculateRateLimit({
    direction,
    currentCount,
    rules: direction === 'up' ? behavior.scaleUp : behavior.scaleDown,
    events,
    now,
  });
  const limited = direction === 'up' ? Math.min(clamped, limit) : Math.max(clamped, limit);

  let reason: ScaleReason;
  if (limited !== clamped) reason = 'rate-limited';
  else if (clamped !== stabilized)
    reason = clamped > stabilized ? 'clamped-to-min' : 'clamped-to-max';
  else if (stabilized !== recommendation) reason = 'stabilizing';
  else if (limited > currentCount) reason = 'scale-out';
  else if (limited < currentCount) reason = 'scale-in';
  else reason = details.some(isHeldByTasks) ? 'tasks-rebalanced' : 'within-tolerance';
  return guard({ ...decided, desiredCount: limited, reason }, input);
}

/** Applies the scale-in guards shared by every path that may lower the count. */
function guard(decision: ScaleDecision, input: DecideScaleInput): ScaleDecision {
  if (decision.desiredCount >= decision.currentCount) return decision;
  // As ECS itself: a rolling deployment must not lose capacity to the autoscaler.
  if (input.deploymentInProgress) {
    return { ...decision, desiredCount: decision.currentCount, reason: 'deployment-in-progress' };
  }
  if (input.protectedTasks === undefined) return decision;
  return applyTaskProtection(decision, input.protectedTasks);
}

/** One metric's proposal: the replica calculator on the metric's value and the service's tasks. */
function describeMetric(options: {
  metric: ScaleServiceRule['metrics'][number];
  index: number;
  rule: ScaleServiceRule;
  input: DecideScaleInput;
}): MetricDetail {
  const { metric, index, rule, input } = options;
  const target = describeMetricTarget(metric);
  const value = input.metrics[index];
  const base = { name: target.name, targetType: target.targetType, target: target.target, value };
  if (value === undefined || !Number.isFinite(value)) {
    return { ...base, proposal: undefined, missing: 'no-datapoint' };
  }
  const calculation = calculateReplicas(
    buildCalculatorInput({
      metric,
      target,
      value,
      service: input.service,
      rule,
      samples: input.taskSamples?.[index],
      now: input.now,
    }),
  );
  if (calculation.status === 'failed') {
    return { ...base, proposal: undefined, missing: calculation.error };
  }
  return {
    ...base,
    proposal: calculation.desiredCount,
    calculation: calculation.reason,
    tasks: calculation.groups,
  };
}

/** A metric whose change Kubernetes' missing- or unready-task rules held back. */
function isHeldByTasks(metric: MetricDetail): boolean {
  return (
    metric.calculation === 'rebalanced-within-tolerance' ||
    metric.calculation === 'rebalance-reversed'
  );
}
