import type { ScaleServiceRule } from '../../config/scale-section.ts';
import { calculateRateLimit, deriveScaleEvents } from './apply-behavior.ts';
import { describeMetricTarget } from './describe-metric-target.ts';
import type {
  MetricDetail,
  ScaleDecision,
  ScaleServiceSnapshot,
  TimedValue,
} from './scale-types.ts';

/**
 * KEDA's activation phase: `always` when the rule cannot scale to zero; otherwise `active` when
 * any activating metric is strictly above the threshold, `inactive` when every activating metric
 * is known and at or below it, `unknown` when none is above and some are missing.
 */
export type Activation = 'always' | 'active' | 'inactive' | 'unknown';

/**
 * Decides whether a scale-to-zero rule is active, from the metrics that may activate it.
 *
 * @returns the activation state; a missing metric never makes a service inactive.
 * @throws never.
 */
export function decideActivation(
  rule: ScaleServiceRule,
  values: readonly (number | undefined)[],
): Activation {
  const scaleToZero = rule.scaleToZero;
  if (scaleToZero === undefined) return 'always';
  const activating = rule.metrics.flatMap((metric, index) => {
    const target = describeMetricTarget(metric);
    const selected = scaleToZero.metric === undefined || scaleToZero.metric === target.name;
    return target.canActivate && selected ? [values[index]] : [];
  });
  if (activating.some((v) => v !== undefined && v > scaleToZero.activationThreshold)) {
    return 'active';
  }
  return activating.every((v) => v !== undefined && Number.isFinite(v)) ? 'inactive' : 'unknown';
}

/**
 * Decides a service at zero tasks. Active: start `max(min, proposal)` tasks (at least one),
 * within `max` and the scale-up rate policies counted from zero but never below `min`, because
 * activation (KEDA) brings the service back to its floor in one step. Inactive stays at zero;
 * unknown stays at zero as missing metrics.
 *
 * @returns the decision for a service whose desiredCount is 0.
 * @throws never.
 */
export function decideFromZero(options: {
  base: { clusterName: string; serviceName: string; currentCount: number };
  rule: ScaleServiceRule;
  details: MetricDetail[];
  activation: Exclude<Activation, 'always'>;
  input: { desiredHistory?: readonly TimedValue[]; now: number; service: ScaleServiceSnapshot };
}): ScaleDecision {
  const { base, rule, details, activation, input } = options;
  const decision = { ...base, desiredCount: 0, metrics: details, notes: [] };
  if (activation === 'unknown') {
    return { ...decision, reason: 'missing-metrics', recommendation: undefined };
  }
  if (activation === 'inactive') return { ...decision, reason: 'scale-to-zero', recommendation: 0 };
  const proposals = details.flatMap((d) => (d.proposal === undefined ? [] : [d.proposal]));
  const recommendation = Math.max(1, ...proposals);
  const limit = calculateRateLimit({
    direction: 'up',
    currentCount: 0,
    rules: rule.behavior.scaleUp,
    events: deriveScaleEvents(input.desiredHistory ?? []),
    now: input.now,
  });
  const desiredCount = Math.max(rule.min, Math.min(recommendation, rule.max, limit));
  return { ...decision, desiredCount, reason: 'scale-from-zero', recommendation };
}
