import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import { decideScale } from '../../../../shared/scale/policy/decide-scale.ts';
import type { ServiceMetricReadings } from '../../../../shared/scale/policy/read-metric-results.ts';
import type { ScaleDecision } from '../../../../shared/scale/policy/scale-types.ts';
import {
  assumeUnseenEvaluations,
  carriedHistoryMs,
  carrySubTickHistory,
  mergeSubTickHistory,
  recordEvaluation,
  startSubTickHistory,
} from '../../../../shared/scale/policy/sub-tick-history.ts';

const start = Date.UTC(2026, 0, 1, 12, 0, 0, 800);
const period = 20_000;
const rule = scaleServiceRuleSchema.parse({
  match: { service: 'web' },
  max: 100,
  metrics: [{ kind: 'sqs-backlog', queueName: 'jobs', targetPerTask: 10 }],
});

/** One evaluation of `web` with `backlog` messages, seeing CloudWatch's `read` and the history. */
function evaluate(options: {
  count: number;
  backlog: number;
  at: number;
  history: ReturnType<typeof startSubTickHistory>;
  read?: Partial<ServiceMetricReadings>;
}): ScaleDecision {
  const reading: ServiceMetricReadings = {
    metrics: [options.backlog],
    recommendationsHistory: [],
    desiredHistory: [],
    recommendationsFound: true,
    ...options.read,
  };
  const merged = mergeSubTickHistory({ 'prod/web': reading }, options.history, period)['prod/web'];
  return decideScale({
    service: {
      clusterName: 'prod',
      serviceName: 'web',
      desiredCount: options.count,
      runningCount: options.count,
    },
    config: rule,
    metrics: merged?.metrics ?? [],
    recommendationsHistory: merged?.recommendationsHistory ?? [],
    desiredHistory: merged?.desiredHistory ?? [],
    deploymentInProgress: false,
    managedElsewhere: false,
    now: options.at,
  });
}

/** Runs evaluations 20 s apart, each acting on the last one's count; returns the counts. */
function run(backlogs: number[], count: number, read?: Partial<ServiceMetricReadings>) {
  let history = startSubTickHistory(start);
  const counts: number[] = [];
  const reasons: string[] = [];
  backlogs.forEach((backlog, i) => {
    const at = start + i * period;
    const decision = evaluate({ count, backlog, at, history, ...(read ? { read } : {}) });
    history = recordEvaluation(
      history,
      [{ decision, desiredCountAfterTick: decision.desiredCount }],
      at,
    );
    count = decision.desiredCount;
    counts.push(count);
    reasons.push(decision.reason);
  });
  return { counts, reasons, history };
}

describe('sub-tick history', () => {
  it.each([
    // Default scale-up policies: max(+100 %, +4 tasks) per 60 s.
    [
      'holds the scale-up rate across sub-ticks of one minute',
      [200, 200, 200, 200],
      4,
      [8, 8, 8, 16],
    ],
    // Default scale-down window 300 s: the 20-s samples of the invocation count in it.
    ['holds the scale-down window across sub-ticks', [200, 10, 10, 10], 4, [8, 8, 8, 8]],
  ])('%s', (_label, backlogs, from, expected) => {
    // Act
    const { counts } = run(backlogs, from);
    // Assess
    expect(counts).toEqual(expected);
  });

  it('gives the same counts without sub-ticks when each step is a minute apart', () => {
    // Prepare: the same backlogs, three minutes instead of three sub-ticks: the rate limit is per minute.
    let history = startSubTickHistory(start);
    let count = 4;
    const counts: number[] = [];
    for (const [i, backlog] of [200, 200, 200].entries()) {
      const at = start + i * 60_000;
      const decision = evaluate({ count, backlog, at, history });
      history = recordEvaluation(
        history,
        [{ decision, desiredCountAfterTick: decision.desiredCount }],
        at,
      );
      count = decision.desiredCount;
      counts.push(count);
    }
    // Assess: 4 → 8 → 16 → 20 (the backlog asks for 20).
    expect(counts).toEqual([8, 16, 20]);
  });

  it('records the count before the first change, so the next sub-tick counts it against the rate', () => {
    // Act
    const { history } = run([200], 4);
    // Assess
    expect(history.services['prod/web']?.desired).toEqual([
      { timestamp: start - 1, value: 4 },
      { timestamp: start, value: 8 },
    ]);
    expect(history.services['prod/web']?.recommendations).toEqual([
      { timestamp: start, value: 20 },
    ]);
  });

  it('drops CloudWatch desired samples of the invocation’s own periods and keeps older ones', () => {
    // Prepare: CloudWatch holds the previous invocation's count and this invocation's first one.
    const history = recordEvaluation(
      startSubTickHistory(start),
      [
        {
          decision: {
            clusterName: 'prod',
            serviceName: 'web',
            currentCount: 4,
            desiredCount: 8,
            reason: 'scale-out',
            metrics: [],
            recommendation: 8,
            notes: [],
          },
          desiredCountAfterTick: 8,
        },
      ],
      start,
    );
    const fromCloudWatch: ServiceMetricReadings = {
      metrics: [1],
      recommendationsHistory: [{ timestamp: start - 20_800, value: 4 }],
      desiredHistory: [
        { timestamp: start - 20_800, value: 4 },
        { timestamp: start - 800, value: 8 },
      ],
      recommendationsFound: true,
    };
    // Act
    const merged = mergeSubTickHistory({ 'prod/web': fromCloudWatch }, history, period)['prod/web'];
    // Assess
    expect(merged?.desiredHistory).toEqual([
      { timestamp: start - 20_800, value: 4 },
      { timestamp: start - 1, value: 4 },
      { timestamp: start, value: 8 },
    ]);
    expect(merged?.recommendationsHistory).toHaveLength(2);
  });

  it('carries the container’s evaluations into the next minute, so its first one counts the last', () => {
    // Prepare: one invocation scales 4 → 8 at its last sub-tick (40 s).
    const { history } = run([10, 10, 200], 4);
    const next = start + 60_000;
    // Act: the next minute's first evaluation, from the carried record only (CloudWatch empty).
    const carried = carrySubTickHistory(history, next, 20);
    const decision = evaluate({ count: 8, backlog: 400, at: next, history: carried });
    // Assess: the +4 of 20 s ago still counts: at most 8 until 100 s.
    expect(decision).toMatchObject({ desiredCount: 8, reason: 'rate-limited' });
    expect(carried.assumeUnseen).toBeUndefined();
  });

  it('keeps five minutes of the carried record and reads what is older from CloudWatch', () => {
    // Prepare
    const { history } = run([200, 200], 4);
    const later = start + period + carriedHistoryMs + 1;
    // Act
    const soon = carrySubTickHistory(history, start + 60_000, 20);
    const late = carrySubTickHistory(history, later, 20);
    // Assess
    expect(soon.services['prod/web']?.desired).toHaveLength(3);
    expect(soon.since).toBe(start);
    expect(late.services).toEqual({});
    expect(late.since).toBe(later - carriedHistoryMs);
  });

  it.each([
    ['a new container, sub-minute evaluations', undefined, 20, true],
    ['a new container, once a minute', undefined, 60, false],
    ['a clock that went back (another world)', 'recorded-later', 20, true],
  ] as const)('starts empty for %s', (_label, previous, interval, assumes) => {
    // Prepare
    const recorded = previous === undefined ? undefined : run([200], 4).history;
    // Act
    const carried = carrySubTickHistory(recorded, start - 60_000, interval);
    // Assess
    expect(carried.services).toEqual({});
    expect(carried.assumeUnseen === true).toBe(assumes);
  });

  it('assumes, in a new container, that a count CloudWatch does not show yet was changed just now', () => {
    // Prepare: CloudWatch shows 2 (the earlier container's 2 → 6 is not readable yet); ECS says 6.
    const fresh = carrySubTickHistory(undefined, start, 20);
    const reading: ServiceMetricReadings = {
      metrics: [400],
      recommendationsHistory: [{ timestamp: start - 60_000, value: 2 }],
      desiredHistory: [{ timestamp: start - 60_000, value: 2 }],
      recommendationsFound: true,
    };
    // Act
    const assumed = assumeUnseenEvaluations(
      { 'prod/web': reading },
      new Map([['prod/web', 6]]),
      fresh,
      start,
    );
    const decision = decideScale({
      service: { clusterName: 'prod', serviceName: 'web', desiredCount: 6, runningCount: 6 },
      config: rule,
      metrics: [400],
      recommendationsHistory: assumed['prod/web']?.recommendationsHistory ?? [],
      desiredHistory: assumed['prod/web']?.desiredHistory ?? [],
      deploymentInProgress: false,
      managedElsewhere: false,
      now: start,
    });
    // Assess: the +4 counts against the rate; the current count holds a scale-in for the window.
    expect(assumed['prod/web']?.desiredHistory.at(-1)).toEqual({ timestamp: start - 1, value: 6 });
    expect(assumed['prod/web']?.recommendationsHistory.at(-1)).toEqual({
      timestamp: start - 1,
      value: 6,
    });
    expect(decision).toMatchObject({ desiredCount: 6, reason: 'rate-limited' });
  });

  it('assumes nothing in a warm container or for a count CloudWatch already shows', () => {
    // Prepare
    const reading: ServiceMetricReadings = {
      metrics: [60],
      recommendationsHistory: [],
      desiredHistory: [{ timestamp: start - 60_000, value: 6 }],
      recommendationsFound: true,
    };
    const counts = new Map([['prod/web', 6]]);
    const warm = carrySubTickHistory(run([60], 6).history, start + 60_000, 20);
    // Act
    const inWarm = assumeUnseenEvaluations({ 'prod/web': reading }, counts, warm, start + 60_000);
    const fresh = carrySubTickHistory(undefined, start, 20);
    const shown = assumeUnseenEvaluations({ 'prod/web': reading }, counts, fresh, start);
    // Assess
    expect(inWarm['prod/web']).toEqual(reading);
    expect(shown['prod/web']?.desiredHistory).toEqual(reading.desiredHistory);
  });

  it('keeps the assumed recommendation for the new container’s later sub-ticks', () => {
    // Prepare: a new container's first evaluation of a service at 8 tasks whose backlog fell.
    const fresh = carrySubTickHistory(undefined, start, 20);
    const decision: ScaleDecision = {
      clusterName: 'prod',
      serviceName: 'web',
      currentCount: 8,
      desiredCount: 8,
      reason: 'stabilizing',
      metrics: [],
      recommendation: 1,
      notes: [],
    };
    // Act
    const history = recordEvaluation(fresh, [{ decision, desiredCountAfterTick: 8 }], start);
    // Assess: the later sub-ticks hold the scale-in for the scale-down window, as the first did.
    expect(history.services['prod/web']?.recommendations).toEqual([
      { timestamp: start - 1, value: 8 },
      { timestamp: start, value: 1 },
    ]);
  });
});
