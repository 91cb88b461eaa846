import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRestart } from '../../../../shared/restart/policy/decide-restart.ts';
import { parseRestartTags } from '../../../../shared/restart/restart-tags.ts';
import type { TaskStateChange } from '../../../../shared/restart/task-state-change.ts';
import { assertProperty } from '../../../reliability/support/assert-property.ts';
import { loadTask, makeConfig } from './restart-fixtures.ts';

const BASE = loadTask('task-stopped-essential-exit-1-fargate');
const STOP_CODES = [
  undefined,
  'EssentialContainerExited',
  'TaskFailedToStart',
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice',
  'InfrastructureHealth',
];

const taskArb = fc.record({
  stopCode: fc.constantFrom(...STOP_CODES),
  group: fc.constantFrom('family:report-job', 'service:web', 'custom-group', undefined),
  lastStatus: fc.constantFrom('STOPPED', 'RUNNING', 'DEPROVISIONING'),
  desiredStatus: fc.constantFrom('STOPPED', 'RUNNING'),
  exitCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  ranSeconds: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  capacityProviderName: fc.constantFrom('FARGATE', 'FARGATE_SPOT', undefined),
});

const inputsArb = fc.record({
  task: taskArb,
  mode: fc.constantFrom('on-failure', 'always', 'never', undefined),
  attemptTag: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
  maxAttempts: fc.integer({ min: 1, max: 10 }),
  historySize: fc.integer({ min: 0, max: 8 }),
  random: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
});

describe('decideRestart (properties)', () => {
  it('never restarts deliberate stops, service tasks or running tasks other than on a capacity-loss warning, and never exceeds maxAttempts', ({
    task,
  }) => {
    let restarts = 0;
    assertProperty(
      task,
      'restart-task',
      fc.property(inputsArb, (input) => {
        // Prepare
        const t = input.task;
        const stoppedAt = BASE.createdAt + 3_600_000;
        const task: TaskStateChange = {
          ...BASE,
          lastStatus: t.lastStatus,
          desiredStatus: t.desiredStatus,
          containers: [
            { name: 'app', ...(t.exitCode === undefined ? {} : { exitCode: t.exitCode }) },
          ],
          stoppedAt,
          ...(t.stopCode === undefined ? { stopCode: undefined } : { stopCode: t.stopCode }),
          ...(t.group === undefined ? { group: undefined } : { group: t.group }),
          ...(t.capacityProviderName === undefined
            ? { capacityProviderName: undefined }
            : { capacityProviderName: t.capacityProviderName }),
          ...(t.ranSeconds === undefined
            ? { startedAt: undefined }
            : { startedAt: stoppedAt - t.ranSeconds * 1000 }),
        };
        const rawTags = [
          ...(input.mode ? [{ key: 'ecs-autopilot:restart', value: input.mode }] : []),
          ...(input.attemptTag
            ? [{ key: 'ecs-autopilot:attempt', value: String(input.attemptTag) }]
            : []),
        ];
        const now = stoppedAt + 1000;
        const history = Array.from({ length: input.historySize }, (_, i) => ({
          taskArn: `arn-${i}`,
          stoppedAt: now - i * 1000,
        }));
        // Act
        const decision = decideRestart({
          task,
          tags: parseRestartTags(rawTags),
          definition: { essentialContainerNames: ['app'], networkMode: 'awsvpc' },
          config: makeConfig({ maxAttempts: input.maxAttempts }),
          passableRoleNames: '*',
          history,
          now,
          random: input.random,
        });
        // Assess
        if (decision.action !== 'restart') return;
        restarts += 1;
        expect(['UserInitiated', 'ServiceSchedulerInitiated']).not.toContain(task.stopCode);
        expect(task.group?.startsWith('service:')).not.toBe(true);
        if (task.lastStatus !== 'STOPPED') {
          // Only ECS's warning before a capacity loss restarts a task that still runs.
          expect(task.desiredStatus).toBe('STOPPED');
          expect(['SpotInterruption', 'TerminationNotice']).toContain(task.stopCode);
          expect(decision.reason).toBe('interruption-warning');
        }
        expect(decision.attempt).toBeGreaterThanOrEqual(1);
        expect(decision.attempt).toBeLessThanOrEqual(input.maxAttempts);
        expect(decision.delaySeconds).toBeLessThanOrEqual(300);
      }),
      { numRuns: 500 },
    );
    // The property is not vacuous: some generated stops are restarted.
    expect(restarts).toBeGreaterThan(0);
  });
});
