import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import { planServiceDecisions } from '../../../../shared/scale/policy/plan-scale.ts';
import {
  redecideWithTasks,
  type TasksReading,
} from '../../../../shared/scale/policy/redecide-with-tasks.ts';
import type { ServiceTask } from '../../../../shared/scale/policy/scale-types.ts';

const now = Date.UTC(2026, 0, 1, 0, 10, 30);
const rule = scaleServiceRuleSchema.parse({
  match: { service: 'web' },
  max: 20,
  metrics: [{ kind: 'cpu', targetPercent: 50 }],
  behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
});
const facts = {
  serviceArn: 'arn:web',
  target: { clusterName: 'prod', serviceName: 'web', rule },
  primaryDeploymentId: 'ecs-svc/new',
  snapshot: { clusterName: 'prod', serviceName: 'web', desiredCount: 4, runningCount: 4 },
  deploymentInProgress: false,
  managedElsewhere: false,
};
const readings = {
  'prod/web': {
    metrics: [100],
    recommendationsHistory: [],
    desiredHistory: [],
    recommendationsFound: true,
  },
};
const task = (
  id: string,
  startedSecondsAgo: number,
  deploymentId = 'ecs-svc/new',
): ServiceTask => ({
  taskId: id,
  deploymentId,
  running: true,
  health: 'UNKNOWN',
  startedAt: now - startedSecondsAgo * 1000,
});

function redecide(reading: TasksReading) {
  const first = planServiceDecisions([facts], readings, now);
  const [item] = redecideWithTasks(first, {
    services: [facts],
    readings,
    tasks: new Map([['prod/web', reading]]),
    samples: {},
    now,
  });
  return { first: first[0]?.decision, second: item?.decision };
}

describe('redecideWithTasks', () => {
  it('keeps the count when half the tasks just started: their CPU counts as 0 on a scale-out', () => {
    // Prepare: 4 tasks at 100 % against 50 %; two of them started 20 s ago.
    const tasks = [task('a', 900), task('b', 900), task('c', 20), task('d', 20)];
    // Act
    const { first, second } = redecide({ tasks, protectedTasks: undefined });
    // Assess: 8 from the counts alone; with (100 + 100 + 0 + 0) / 4 = 50 % the count stays.
    expect(first).toMatchObject({ desiredCount: 8, reason: 'scale-out' });
    expect(second).toMatchObject({ desiredCount: 4, reason: 'tasks-rebalanced' });
    expect(second?.metrics[0]).toMatchObject({ calculation: 'rebalanced-within-tolerance' });
    expect(second?.notes.join()).toContain('2 task(s) counted, 2 set aside');
  });

  it('counts the PRIMARY deployment’s tasks only', () => {
    // Prepare: the old deployment's four tasks are leaving.
    const tasks = [
      ...['a', 'b', 'c', 'd'].map((id) => task(id, 900)),
      ...['e', 'f', 'g', 'h'].map((id) => task(id, 900, 'ecs-svc/old')),
    ];
    // Act
    const { second } = redecide({ tasks, protectedTasks: undefined });
    // Assess: 100 % on 4 tasks asks for 8, not 16.
    expect(second).toMatchObject({ desiredCount: 8, reason: 'scale-out' });
  });

  it('keeps the scale-out from the counts when no task can be counted (all just started)', () => {
    const tasks = ['a', 'b', 'c', 'd'].map((id) => task(id, 5));
    const { first, second } = redecide({ tasks, protectedTasks: undefined });
    expect(second).toMatchObject({ desiredCount: first?.desiredCount, reason: 'scale-out' });
    expect(second?.notes.join()).toContain('no task could be counted');
  });

  it('keeps the first decision, with a note, when the tasks could not be read', () => {
    const { first, second } = redecide({ unread: 'ThrottlingException' });
    expect(second).toMatchObject({ desiredCount: first?.desiredCount });
    expect(second?.notes).toContain('tasks unread: ThrottlingException');
  });
});
