import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildRunTaskInput } from '../../../../shared/restart/policy/build-run-task-input.ts';
import { decideRestart } from '../../../../shared/restart/policy/decide-restart.ts';
import { parseRestartTags } from '../../../../shared/restart/restart-tags.ts';
import type { TaskStateChange } from '../../../../shared/restart/task-state-change.ts';
import { assertProperty } from '../../../reliability/support/assert-property.ts';
import { loadTask, makeConfig } from './restart-fixtures.ts';

const BASE = loadTask('task-stopped-essential-exit-1-fargate');
const FAILURES = [undefined, 'EssentialContainerExited', 'TaskFailedToStart', 'SpotInterruption'];

/** A failed standalone task: its own id, how it stopped, and the attempt its tags record. */
const failureArb = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{32}$/),
  stopCode: fc.constantFrom(...FAILURES),
  exitCode: fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }),
  ranSeconds: fc.integer({ min: 0, max: 3_600 }),
  attemptTag: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
});

/** What may differ between two deliveries of the same event: time, history, jitter. */
const deliveryArb = fc.record({
  lateBy: fc.integer({ min: 0, max: 3_600_000 }),
  historySize: fc.integer({ min: 0, max: 3 }),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

type Failure = typeof failureArb extends fc.Arbitrary<infer T> ? T : never;
type Delivery = typeof deliveryArb extends fc.Arbitrary<infer T> ? T : never;

const config = makeConfig({ maxAttempts: 10, crashLoop: { maxFailures: 3, windowSeconds: 600 } });

function taskOf(failure: Failure): TaskStateChange {
  const stoppedAt = BASE.createdAt + 3_600_000;
  const taskArn = `arn:aws:ecs:us-east-1:111122223333:task/batch/${failure.id}`;
  return {
    ...BASE,
    taskArn,
    taskId: failure.id,
    stopCode: failure.stopCode,
    containers: [{ name: 'app', ...(failure.exitCode ? { exitCode: failure.exitCode } : {}) }],
    startedAt: stoppedAt - failure.ranSeconds * 1000,
    stoppedAt,
  };
}

/** The RunTask request one delivery of the failure's event leads to, if any. */
function deliver(failure: Failure, delivery: Delivery) {
  const task = taskOf(failure);
  const tags = failure.attemptTag
    ? [{ key: 'ecs-autopilot:attempt', value: String(failure.attemptTag) }]
    : [];
  const now = (task.stoppedAt ?? 0) + delivery.lateBy;
  const decision = decideRestart({
    task,
    tags: parseRestartTags(tags),
    definition: { essentialContainerNames: ['app'], networkMode: 'awsvpc' },
    config,
    passableRoleNames: '*',
    history: Array.from({ length: delivery.historySize }, (_, i) => ({
      taskArn: `other-${i}`,
      stoppedAt: now - i * 1_000,
    })),
    now,
    random: delivery.random,
  });
  return decision.action === 'restart' ? buildRunTaskInput(task, tags, decision) : undefined;
}

describe('buildRunTaskInput (properties)', () => {
  it('gives every delivery of one failure the same clientToken, and other failures other tokens', ({
    task,
  }) => {
    let restarted = 0;
    assertProperty(
      task,
      'restart-task',
      fc.property(
        fc.uniqueArray(failureArb, { selector: (f) => f.id, minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), deliveryArb), { minLength: 1, maxLength: 20 }),
        (failures, deliveries) => {
          // Act: an at-least-once, out-of-order stream against ECS's clientToken idempotency.
          const ecs = new Map<string, string>();
          const tokensOf = new Map<string, Set<string>>();
          for (const [pick, delivery] of deliveries) {
            const failure = failures[pick % failures.length] as Failure;
            const input = deliver(failure, delivery);
            if (input === undefined) continue;
            restarted += 1;
            if (!ecs.has(input.clientToken)) ecs.set(input.clientToken, failure.id);
            tokensOf.set(
              failure.id,
              (tokensOf.get(failure.id) ?? new Set()).add(input.clientToken),
            );
          }
          // Assess: one token (so at most one task) per failure, never shared between failures.
          for (const tokens of tokensOf.values()) expect(tokens.size).toBe(1);
          expect(new Set(ecs.values()).size).toBe(ecs.size);
        },
      ),
      { numRuns: 300 },
    );
    // Not vacuous: most generated deliveries restart.
    expect(restarted).toBeGreaterThan(300);
  });
});
