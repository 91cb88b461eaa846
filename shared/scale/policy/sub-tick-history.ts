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
  /** Epoch ms of the invocation's first evaluation. */
  since: number;
  services: Record<string, { recommendations: TimedValue[]; desired: TimedValue[] }>;
};

/** An empty record for an invocation whose first evaluation runs at `since`. */
export function startSubTickHistory(since: number): SubTickHistory {
  return { since, services: {} };
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
    const recommendation = decision.recommendation;
    services[key] = {
      recommendations: [
        ...(earlier?.recommendations ?? []),
        ...(recommendation === undefined ? [] : [{ timestamp: now, value: recommendation }]),
      ],
      desired: [
        ...(earlier?.desired ?? []),
        ...before,
        { timestamp: now, value: desiredCountAfterTick },
      ],
    };
  }
  return { since: history.since, services };
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
