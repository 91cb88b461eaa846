import type { ServiceMetricReadings } from './read-metric-results.ts';
import type { ScaleDecision, TimedValue } from './scale-types.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/**
 * What the evaluations of one invocation decided so far, per service: the raw recommendations
 * and the counts after each evaluation. CloudWatch holds them too (each evaluation publishes them),
 * but what was published seconds ago may not be readable yet, so the later evaluations of the
 * invocation read their own record beside CloudWatch's: stabilization and the rate policies then
 * see every earlier evaluation, within the invocation as across invocations.
 */
export type SubTickHistory = {
  /** Epoch ms from which the record holds every evaluation (CloudWatch's samples before it). */
  since: number;
  services: Record<string, { recommendations: TimedValue[]; desired: TimedValue[] }>;
  /**
   * The container has not evaluated before, and evaluations of an earlier container may have run
   * seconds ago, unreadable yet: see {@link assumeUnseenEvaluations}.
   */
  assumeUnseen?: true;
};

/** An empty record for an invocation whose first evaluation runs at `since`. */
export function startSubTickHistory(since: number): SubTickHistory {
  return { since, services: {} };
}

/**
 * How long a container keeps its own record across invocations: longer than CloudWatch takes to
 * make a published sample readable (AWS gives no figure; the simulator models 30 s), so whatever
 * is older is read from CloudWatch.
 */
export const carriedHistoryMs = 5 * 60_000;

/**
 * The record an invocation starts from: the container's earlier evaluations of the last
 * {@link carriedHistoryMs}, because the last ones of the previous invocation ran seconds ago and
 * CloudWatch may not show them yet (a rate policy or a scale-down window would then restart at
 * the minute boundary). Without an earlier record (a new container), or when the clock went back
 * (a different world: tests), it starts empty; `assumeUnseen` then asks the first evaluations to
 * assume what they cannot see, when the function evaluates more often than once a minute (at 60 s
 * the previous minute's samples are readable).
 *
 * @returns a new record; the input is not changed.
 * @throws never.
 */
export function carrySubTickHistory(
  previous: SubTickHistory | undefined,
  now: number,
  evaluationIntervalSeconds: number,
): SubTickHistory {
  const cutoff = now - carriedHistoryMs;
  const recorded = previous
    ? Object.values(previous.services).flatMap((service) => service.desired)
    : [];
  if (previous === undefined || recorded.some((sample) => sample.timestamp > now)) {
    const fresh = startSubTickHistory(now);
    return evaluationIntervalSeconds < 60 ? { ...fresh, assumeUnseen: true } : fresh;
  }
  const services: SubTickHistory['services'] = {};
  for (const [key, record] of Object.entries(previous.services)) {
    const desired = record.desired.filter((sample) => sample.timestamp >= cutoff);
    if (desired.length === 0) continue;
    const recommendations = record.recommendations.filter((sample) => sample.timestamp >= cutoff);
    services[key] = { recommendations, desired };
  }
  return { since: Math.max(previous.since, cutoff), services };
}

/**
 * A new container's first look at services it has no record of, when an earlier container may
 * have evaluated them seconds ago (sub-minute evaluations) and CloudWatch does not show that yet.
 * It assumes the worst about what it cannot see: a count that differs from the last one
 * CloudWatch shows was changed just now (the rate policies count it), and the current count was
 * recommended just now (a scale-in waits for the scale-down window). Safe on missing data, at the
 * price of one window's delay to a scale-in after a container starts.
 *
 * @returns new readings; the input is not changed.
 * @throws never.
 */
export function assumeUnseenEvaluations(
  readings: Readonly<Record<string, ServiceMetricReadings>>,
  currentCounts: ReadonlyMap<string, number>,
  history: SubTickHistory,
  now: number,
): Record<string, ServiceMetricReadings> {
  if (history.assumeUnseen !== true) return { ...readings };
  const result: Record<string, ServiceMetricReadings> = {};
  for (const [key, reading] of Object.entries(readings)) {
    const current = currentCounts.get(key);
    if (current === undefined || history.services[key] !== undefined) {
      result[key] = reading;
      continue;
    }
    const unseen = { timestamp: now - 1, value: current };
    const shown = [...reading.desiredHistory].sort((a, b) => a.timestamp - b.timestamp).at(-1);
    result[key] = {
      ...reading,
      recommendationsHistory: [...reading.recommendationsHistory, unseen],
      desiredHistory:
        shown === undefined || shown.value === current
          ? reading.desiredHistory
          : [...reading.desiredHistory, unseen],
    };
  }
  return result;
}

/**
 * Adds one evaluation: each service's raw recommendation (when it made one) and its count after
 * the evaluation. The first time a service is recorded, its count before the evaluation goes in
 * just before, so a change made by the invocation's first evaluation is an event the next ones
 * count against the rate policies even when CloudWatch has no older sample.
 *
 * @returns a new record; the input is not changed.
 * @throws never.
 */
export function recordEvaluation(
  history: SubTickHistory,
  outcomes: readonly { decision: ScaleDecision; desiredCountAfterTick: number }[],
  now: number,
): SubTickHistory {
  const services = { ...history.services };
  for (const { decision, desiredCountAfterTick } of outcomes) {
    const key = getScaleServiceKey(decision);
    const earlier = services[key];
    const before = earlier ? [] : [{ timestamp: now - 1, value: decision.currentCount }];
    // What assumeUnseenEvaluations assumed stays assumed for the later evaluations.
    const assumed = earlier === undefined && history.assumeUnseen === true ? before : [];
    const recommendation = decision.recommendation;
    services[key] = {
      recommendations: [
        ...(earlier?.recommendations ?? []),
        ...assumed,
        ...(recommendation === undefined ? [] : [{ timestamp: now, value: recommendation }]),
      ],
      desired: [
        ...(earlier?.desired ?? []),
        ...before,
        { timestamp: now, value: desiredCountAfterTick },
      ],
    };
  }
  return { ...history, services };
}

/**
 * The readings of a later evaluation with the invocation's own record added. Recommendations are
 * joined (the windows take their maximum or minimum, so a sample read twice changes nothing).
 * Desired counts from CloudWatch are kept only before the period that holds the invocation's first
 * evaluation: CloudWatch stamps a period's sample at its start, so this invocation's own published
 * counts would otherwise appear out of order beside the exact ones and look like changes back and
 * forth.
 *
 * @param periodMs the period the read-backs were read at.
 * @returns new readings; the input is not changed.
 * @throws never.
 */
export function mergeSubTickHistory(
  readings: Readonly<Record<string, ServiceMetricReadings>>,
  history: SubTickHistory,
  periodMs: number,
): Record<string, ServiceMetricReadings> {
  const cutoff = Math.floor(history.since / periodMs) * periodMs;
  const merged: Record<string, ServiceMetricReadings> = {};
  for (const [key, reading] of Object.entries(readings)) {
    const own = history.services[key];
    merged[key] =
      own === undefined
        ? reading
        : {
            ...reading,
            recommendationsHistory: [...reading.recommendationsHistory, ...own.recommendations],
            desiredHistory: [
              ...reading.desiredHistory.filter((sample) => sample.timestamp < cutoff),
              ...own.desired,
            ],
          };
  }
  return merged;
}

/** What an invocation's first evaluation read back from CloudWatch, per service. */
export type ReadBacks = Record<
  string,
  Pick<ServiceMetricReadings, 'recommendationsHistory' | 'desiredHistory' | 'recommendationsFound'>
>;

/** The read-back part of an evaluation's readings, for the invocation's later evaluations. */
export function takeReadBacks(
  readings: Readonly<Record<string, ServiceMetricReadings>>,
): ReadBacks {
  const readBacks: ReadBacks = {};
  for (const [key, reading] of Object.entries(readings)) {
    readBacks[key] = {
      recommendationsHistory: reading.recommendationsHistory,
      desiredHistory: reading.desiredHistory,
      recommendationsFound: reading.recommendationsFound,
    };
  }
  return readBacks;
}

/**
 * A later evaluation's readings (read without read-backs) with the first evaluation's read-backs
 * put back. A service the first evaluation did not see keeps what its readings say (no history
 * found: no scale-in until the next invocation reads it).
 *
 * @returns new readings; the input is not changed.
 * @throws never.
 */
export function withReadBacks(
  readings: Readonly<Record<string, ServiceMetricReadings>>,
  readBacks: ReadBacks,
): Record<string, ServiceMetricReadings> {
  const result: Record<string, ServiceMetricReadings> = {};
  for (const [key, reading] of Object.entries(readings)) {
    const earlier = readBacks[key];
    result[key] = earlier === undefined ? reading : { ...reading, ...earlier };
  }
  return result;
}
