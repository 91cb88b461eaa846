import type { ScaleRulesConfig } from '../../config/scale-section.ts';
import type { TimedValue } from './scale-types.ts';

/**
 * Stabilizes a recommendation as HPA's `stabilizeRecommendationWithBehaviors` does: the result
 * stays between the lowest recommendation of the scale-up window and the highest of the
 * scale-down window (both including the current recommendation).
 *
 * `history` is what earlier ticks published, read back from CloudWatch: a sample is in a window
 * when its timestamp is after `now - window` (HPA's `After(cutoff)`). CloudWatch stamps each
 * sample at the start of its period, so a sample may leave the window up to one period early.
 *
 * @returns the stabilized task count.
 * @throws never.
 */
export function stabilizeRecommendation(options: {
  currentCount: number;
  recommendation: number;
  history: readonly TimedValue[];
  scaleUpWindowSeconds: number;
  scaleDownWindowSeconds: number;
  now: number;
}): number {
  const { currentCount, recommendation, history, now } = options;
  const upCutoff = now - options.scaleUpWindowSeconds * 1000;
  const downCutoff = now - options.scaleDownWindowSeconds * 1000;
  let upRecommendation = recommendation;
  let downRecommendation = recommendation;
  for (const sample of history) {
    if (sample.timestamp > upCutoff) upRecommendation = Math.min(upRecommendation, sample.value);
    if (sample.timestamp > downCutoff) {
      downRecommendation = Math.max(downRecommendation, sample.value);
    }
  }
  let stabilized = currentCount;
  if (stabilized < upRecommendation) stabilized = upRecommendation;
  if (stabilized > downRecommendation) stabilized = downRecommendation;
  return stabilized;
}

/** A change of desiredCount, derived from two consecutive published desired counts. */
type ScaleEvent = { timestamp: number; change: number };

/**
 * Turns the published desired-count history into HPA's scale events: each later sample that
 * differs from the previous one is an event at the later sample's time.
 */
export function deriveScaleEvents(desiredHistory: readonly TimedValue[]): {
  up: ScaleEvent[];
  down: ScaleEvent[];
} {
  const sorted = [...desiredHistory].sort((a, b) => a.timestamp - b.timestamp);
  const up: ScaleEvent[] = [];
  const down: ScaleEvent[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const previous = sorted[i - 1];
    const sample = sorted[i];
    if (previous === undefined || sample === undefined) continue;
    const change = sample.value - previous.value;
    if (change > 0) up.push({ timestamp: sample.timestamp, change });
    if (change < 0) down.push({ timestamp: sample.timestamp, change: -change });
  }
  return { up, down };
}

const sumSince = (events: readonly ScaleEvent[], cutoff: number): number =>
  events.reduce((sum, event) => (event.timestamp > cutoff ? sum + event.change : sum), 0);

/**
 * The highest (scale-up) or lowest (scale-down) task count the rate policies allow now, as
 * HPA's `calculateScaleUpLimitWithScalingRules` / `calculateScaleDownLimitWithBehaviors`: each
 * policy starts from the count at the beginning of its period (current minus the changes made
 * within it), `selectPolicy` picks the largest change (Max) or the smallest (Min), and
 * `Disabled` forbids any change in that direction.
 *
 * Stateless approximation: the changes come from the desired counts the handler published
 * (see {@link deriveScaleEvents}); without history every period starts at the current count,
 * which equals HPA whenever the policy period is not longer than the tick interval.
 *
 * @returns the limit, never beyond the current count in the wrong direction.
 * @throws never.
 */
export function calculateRateLimit(options: {
  direction: 'up' | 'down';
  currentCount: number;
  rules: ScaleRulesConfig;
  events: { up: readonly ScaleEvent[]; down: readonly ScaleEvent[] };
  now: number;
}): number {
  const { direction, currentCount, rules, events, now } = options;
  if (rules.selectPolicy === 'Disabled') return currentCount;
  // For scale-up the largest change is the highest limit; for scale-down it is the lowest.
  const wantsHighest = (direction === 'up') === (rules.selectPolicy === 'Max');
  let limit = wantsHighest ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  for (const policy of rules.policies) {
    const cutoff = now - policy.periodSeconds * 1000;
    const periodStart = currentCount - sumSince(events.up, cutoff) + sumSince(events.down, cutoff);
    const proposed = proposeWithPolicy(direction, periodStart, policy.type, policy.value);
    limit = wantsHighest ? Math.max(limit, proposed) : Math.min(limit, proposed);
  }
  // HPA: never scale further while earlier events still use up the whole budget.
  return direction === 'up' ? Math.max(limit, currentCount) : Math.min(limit, currentCount);
}

function proposeWithPolicy(
  direction: 'up' | 'down',
  periodStart: number,
  type: 'Percent' | 'Tasks',
  value: number,
): number {
  if (type === 'Tasks') return direction === 'up' ? periodStart + value : periodStart - value;
  // Up rounds up so a small service can always grow; down truncates like Go's int32().
  return direction === 'up'
    ? Math.ceil(periodStart * (1 + value / 100))
    : Math.trunc(periodStart * (1 - value / 100));
}
