import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  calculateRateLimit,
  deriveScaleEvents,
} from '../../../../shared/scale/policy/apply-behavior.ts';
import { decideScale } from '../../../../shared/scale/policy/decide-scale.ts';
import { assertProperty } from '../../../reliability/support/assert-property.ts';

const now = Date.parse('2025-01-01T12:00:00Z');

const arbitraryCase = fc.record({
  min: fc.integer({ min: 1, max: 10 }),
  span: fc.integer({ min: 0, max: 40 }),
  desired: fc.integer({ min: 0, max: 60 }),
  runningShare: fc.double({ min: 0, max: 1, noNaN: true }),
  cpu: fc.option(fc.double({ min: 0, max: 400, noNaN: true }), { nil: undefined }),
  backlog: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
  scaleToZero: fc.boolean(),
  history: fc.array(
    fc.record({ age: fc.integer({ min: 0, max: 600 }), value: fc.integer({ min: 0, max: 60 }) }),
    {
      maxLength: 6,
    },
  ),
  deploymentInProgress: fc.boolean(),
  protectedTasks: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  upPercent: fc.integer({ min: 1, max: 300 }),
  upTasks: fc.integer({ min: 1, max: 10 }),
  downPercent: fc.integer({ min: 1, max: 100 }),
});

type Case = typeof arbitraryCase extends fc.Arbitrary<infer T> ? T : never;

function run(c: Case) {
  const rule = scaleServiceRuleSchema.parse({
    match: { service: 'svc' },
    min: c.min,
    max: c.min + c.span,
    ...(c.scaleToZero ? { scaleToZero: { activationThreshold: 0 } } : {}),
    metrics: [
      { kind: 'cpu', targetPercent: 50 },
      { kind: 'sqs-backlog', queueName: 'q', targetPerTask: 20 },
    ],
    behavior: {
      scaleUp: {
        policies: [
          { type: 'Percent', value: c.upPercent, periodSeconds: 60 },
          { type: 'Tasks', value: c.upTasks, periodSeconds: 60 },
        ],
      },
      scaleDown: { policies: [{ type: 'Percent', value: c.downPercent, periodSeconds: 60 }] },
    },
  });
  const decision = decideScale({
    service: {
      clusterName: 'c',
      serviceName: 'svc',
      desiredCount: c.desired,
      runningCount: Math.round(c.desired * c.runningShare),
    },
    config: rule,
    metrics: [c.cpu, c.backlog],
    recommendationsHistory: c.history.map((h) => ({
      timestamp: now - h.age * 1000,
      value: h.value,
    })),
    protectedTasks: c.protectedTasks,
    deploymentInProgress: c.deploymentInProgress,
    managedElsewhere: false,
    now,
  });
  return { rule, decision };
}

describe('decideScale properties', () => {
  it('moves a changed count into [min, max], except to zero when the rule scales to zero', ({
    task,
  }) => {
    assertProperty(
      task,
      'scale-services',
      fc.property(arbitraryCase, (c) => {
        const { rule, decision } = run(c);
        if (decision.desiredCount === decision.currentCount) return;
        const inRange = decision.desiredCount >= rule.min && decision.desiredCount <= rule.max;
        const toZero = decision.desiredCount === 0 && rule.scaleToZero !== undefined;
        const heldByProtection = decision.reason === 'protected-tasks';
        expect(inRange || toZero || heldByProtection).toBe(true);
      }),
    );
  });

  it('never plans a scale-in below the protected tasks', ({ task }) => {
    assertProperty(
      task,
      'scale-services',
      fc.property(arbitraryCase, (c) => {
        const { decision } = run(c);
        if (c.protectedTasks === undefined || decision.desiredCount >= decision.currentCount)
          return;
        expect(decision.desiredCount).toBeGreaterThanOrEqual(c.protectedTasks);
      }),
    );
  });

  it('never scales in when a metric is missing (unless scaled to zero by activation) or during a deployment', ({
    task,
  }) => {
    assertProperty(
      task,
      'scale-services',
      fc.property(arbitraryCase, (c) => {
        const { rule, decision } = run(c);
        if (decision.desiredCount >= decision.currentCount) return;
        expect(c.deploymentInProgress).toBe(false);
        const outOfRange = decision.currentCount > rule.max;
        const activationDecided = rule.scaleToZero !== undefined && c.backlog !== undefined;
        if (!outOfRange && !activationDecided) {
          expect(c.cpu === undefined || c.backlog === undefined).toBe(false);
        }
      }),
    );
  });

  it('never exceeds the rate policies within [min, max]', ({ task }) => {
    assertProperty(
      task,
      'scale-services',
      fc.property(arbitraryCase, (c) => {
        const { rule, decision } = run(c);
        const { currentCount, desiredCount, reason } = decision;
        const inRange = currentCount >= rule.min && currentCount <= rule.max;
        if (!inRange || currentCount === 0 || reason === 'scale-to-zero') return;
        const events = deriveScaleEvents([]);
        const up = calculateRateLimit({
          direction: 'up',
          currentCount,
          rules: rule.behavior.scaleUp,
          events,
          now,
        });
        const down = calculateRateLimit({
          direction: 'down',
          currentCount,
          rules: rule.behavior.scaleDown,
          events,
          now,
        });
        expect(desiredCount).toBeLessThanOrEqual(up);
        if (reason !== 'protected-tasks') expect(desiredCount).toBeGreaterThanOrEqual(down);
      }),
    );
  });

  it('keeps every policy period within its rate limits over a run of ticks, whatever the load', ({
    task,
  }) => {
    assertProperty(
      task,
      'scale-services',
      fc.property(
        fc.record({
          start: fc.integer({ min: 1, max: 20 }),
          upPercent: fc.integer({ min: 1, max: 200 }),
          upTasks: fc.integer({ min: 1, max: 6 }),
          downPercent: fc.integer({ min: 1, max: 90 }),
          periodTicks: fc.integer({ min: 1, max: 4 }),
          // CPU per tick, as a share of the target: far below to far above.
          load: fc.array(fc.double({ min: 0, max: 8, noNaN: true }), {
            minLength: 2,
            maxLength: 12,
          }),
        }),
        (c) => {
          // Prepare: periods of several one-minute ticks, no stabilization (rates alone).
          const period = c.periodTicks * 60;
          const rule = scaleServiceRuleSchema.parse({
            match: { service: 'svc' },
            min: 1,
            max: 60,
            metrics: [{ kind: 'cpu', targetPercent: 50 }],
            behavior: {
              scaleUp: {
                stabilizationWindowSeconds: 0,
                policies: [
                  { type: 'Percent', value: c.upPercent, periodSeconds: period },
                  { type: 'Tasks', value: c.upTasks, periodSeconds: period },
                ],
              },
              scaleDown: {
                stabilizationWindowSeconds: 0,
                policies: [{ type: 'Percent', value: c.downPercent, periodSeconds: period }],
              },
            },
          });
          // Act: each tick decides from the desired counts earlier ticks published, starting
          // with the tick before this run. (Without it, the first change after a gap in the
          // published history is not counted within longer periods: a known approximation.)
          const published = [{ timestamp: now - 60_000, value: c.start }];
          let desired = c.start;
          for (const [tick, load] of c.load.entries()) {
            const at = now + tick * 60_000;
            desired = decideScale({
              service: {
                clusterName: 'c',
                serviceName: 'svc',
                desiredCount: desired,
                runningCount: desired,
              },
              config: rule,
              metrics: [load * 50],
              recommendationsHistory: [],
              desiredHistory: published,
              deploymentInProgress: false,
              managedElsewhere: false,
              now: at,
            }).desiredCount;
            published.push({ timestamp: at, value: desired });
          }
          // Assess: each change stays within what its direction's policies allow from the count
          // at the start of their period, as HPA defines it: the count before this change minus
          // what was added and plus what was removed within the period.
          for (const [i, sample] of published.entries()) {
            const previous = published[i - 1]?.value;
            if (previous === undefined || sample.value === previous) continue;
            const cutoff = sample.timestamp - period * 1000;
            let base = previous;
            for (let j = 1; j < i; j += 1) {
              const [before, after] = [published[j - 1], published[j]];
              if (before && after && after.timestamp > cutoff) base -= after.value - before.value;
            }
            if (sample.value > previous) {
              const up = Math.max(Math.ceil(base * (1 + c.upPercent / 100)), base + c.upTasks);
              expect(sample.value).toBeLessThanOrEqual(Math.max(up, previous));
            } else {
              const down = Math.trunc(base * (1 - c.downPercent / 100));
              expect(sample.value).toBeGreaterThanOrEqual(Math.min(down, previous));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
