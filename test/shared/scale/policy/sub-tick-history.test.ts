import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import { decideScale } from '../../../../shared/scale/policy/decide-scale.ts';
import type { ServiceMetricReadings } from '../../../../shared/scale/policy/read-metric-results.ts';
import type { ScaleDecision } from '../../../../shared/scale/policy/scale-types.ts';
import {
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
});
