import { describe, expect, it } from 'vitest';
import {
  planStoppedTaskRestart,
  type StoppedTaskPlanInput,
} from '../../../../shared/restart/policy/plan-restart.ts';
import { parseRestartTags } from '../../../../shared/restart/restart-tags.ts';
import type { TaskStateChange } from '../../../../shared/restart/task-state-change.ts';
import { DEFINITIONS, loadTask, makeConfig, PASSABLE_ROLE_NAMES } from './restart-fixtures.ts';

const WARNING = 'task-stopping-spot-interruption-notice-fargate-spot';
const STOPPED = 'task-stopped-spot-interruption-fargate-spot';
const MINUTE = 60_000;

/** The plan of one event of the interruption, with the interrupted task's tags. */
function plan(
  task: TaskStateChange,
  extra: Partial<StoppedTaskPlanInput> = {},
  attemptTag?: number,
) {
  const tags = [
    { key: 'team', value: 'data' },
    ...(attemptTag === undefined
      ? []
      : [
          { key: 'ecs-autopilot:attempt', value: String(attemptTag) },
          { key: 'ecs-autopilot:lineage', value: 'first0task0id' },
        ]),
  ];
  return planStoppedTaskRestart({
    task,
    facts: {
      taskFound: true,
      tags,
      restartTags: parseRestartTags(tags),
      definition: DEFINITIONS['report-job'] ?? { essentialContainerNames: [] },
      history: [],
      historyRead: false,
    },
    config: makeConfig({ healthyResetAfterSeconds: 600 }),
    now: (task.stoppedAt ?? task.createdAt) + 1000,
    random: 0.5,
    dryRun: false,
    recentTokens: new Map(),
    passableRoleNames: PASSABLE_ROLE_NAMES,
    ...extra,
  });
}

/** The warning and the STOPPED event of one task that started `ranSeconds` before its stop. */
function interruption(ranSeconds: number): { warning: TaskStateChange; stopped: TaskStateChange } {
  const stopped = loadTask(STOPPED);
  const warning = loadTask(WARNING);
  const startedAt = (stopped.stoppedAt ?? 0) - ranSeconds * 1000;
  return { warning: { ...warning, startedAt }, stopped: { ...stopped, startedAt } };
}

describe('planStoppedTaskRestart on an interruption warning', () => {
  it.each([
    ['an original task that ran 1 minute', 60, undefined, 1],
    ['attempt 3 that ran 9 minutes (under the healthy reset at the warning)', 540, 3, 3],
    ['attempt 3 whose run crosses the 10-minute healthy reset between warning and stop', 601, 3, 3],
    ['attempt 3 that ran for hours', 7200, 3, 3],
  ])('sends the same RunTask request and clientToken on the warning and the STOPPED event: %s', (_label, ranSeconds, attemptTag, attempt) => {
    // Prepare
    const { warning, stopped } = interruption(ranSeconds);
    // Act
    const early = plan(warning, {}, attemptTag);
    const late = plan(stopped, {}, attemptTag);
    // Assess: the interrupted attempt continues, whatever the run time, so ECS dedupes.
    expect(early.decision).toMatchObject({ action: 'restart', reason: 'interruption-warning' });
    expect(late.decision).toMatchObject({ action: 'restart', reason: 'spot-interruption' });
    expect(early.decision?.attempt).toBe(attempt);
    expect(early.runTaskInput).toEqual(late.runTaskInput);
    expect(early.runTaskInput?.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
    ]);
  });

  it('waits for the STOPPED event when the selection rule sets replaceOnWarning: false', () => {
    // Prepare: a singleton job that must never run beside its interrupted task.
    const { warning, stopped } = interruption(60);
    const config = makeConfig({
      healthyResetAfterSeconds: 600,
      select: [{ cluster: '*', mode: 'on-failure', replaceOnWarning: false }],
    });
    // Act
    const early = plan(warning, { config });
    const late = plan(stopped, { config });
    // Assess: nothing on the warning; the STOPPED event restarts it at once, as without a warning.
    expect(early.decision).toMatchObject({ action: 'skip', reason: 'waits-for-stop' });
    expect(early.step.kind).toBe('report');
    expect(late.decision).toMatchObject({ action: 'restart', reason: 'spot-interruption' });
    expect(late.step.kind).toBe('run-now');
  });

  it('runs the warning now, marked to start before the stop and never to be queued', () => {
    // Act
    const { step } = plan(loadTask(WARNING));
    // Assess
    expect(step).toMatchObject({ kind: 'run-now', beforeStop: true });
    expect(step).not.toHaveProperty('stoppedAt');
  });

  it('gives the STOPPED event the stop time, to recognise a replacement created before it', () => {
    // Prepare
    const stopped = loadTask(STOPPED);
    // Act
    const { step } = plan(stopped);
    // Assess
    expect(step).toMatchObject({ kind: 'run-now', stoppedAt: stopped.stoppedAt });
    expect(step).not.toHaveProperty('beforeStop');
  });

  it('reports the STOPPED event as replaced before the stop when this container started it on the warning', () => {
    // Prepare
    const token = plan(loadTask(WARNING)).runTaskInput?.clientToken ?? '';
    const remembered = {
      recentTokens: new Map([[token, 'arn:aws:ecs:us-east-1:111122223333:task/batch/new']]),
      replacedBeforeStop: new Set([token]),
    };
    // Act
    const late = plan(loadTask(STOPPED), remembered);
    const warningAgain = plan(loadTask(WARNING), remembered);
    // Assess: the STOPPED event has its own reason; a repeated warning is a duplicate event.
    expect(late.step).toMatchObject({
      kind: 'report',
      outcome: {
        action: 'duplicate',
        reason: 'replaced-before-stop',
        newTaskArn: 'arn:aws:ecs:us-east-1:111122223333:task/batch/new',
      },
    });
    expect(warningAgain.step).toMatchObject({
      outcome: { action: 'duplicate', reason: 'duplicate-event' },
    });
  });

  it.each([
    [
      'ECS says the task is not being stopped (a forged or stale event)',
      'RUNNING',
      'RUNNING',
      'not-stopped',
    ],
    ['ECS records another stop code', 'RUNNING', 'STOPPED', 'not-stopped'],
  ])('does not act on a warning when %s', (_label, lastStatus, desiredStatus, reason) => {
    // Prepare
    const warning = loadTask(WARNING);
    const stopCode = desiredStatus === 'RUNNING' ? 'SpotInterruption' : 'UserInitiated';
    const facts = {
      describedStop: { containers: [], lastStatus, desiredStatus, stopCode },
    };
    // Act
    const planned = planStoppedTaskRestart({
      ...planArgs(warning),
      facts: { ...planArgs(warning).facts, ...facts },
    });
    // Assess
    expect(planned.step).toMatchObject({ kind: 'report', outcome: { action: 'skipped', reason } });
  });

  it('only reports a warning under dry run: nothing is started', () => {
    // Act
    const planned = plan(loadTask(WARNING), { dryRun: true });
    // Assess
    expect(planned.step).toMatchObject({
      kind: 'report',
      outcome: { action: 'dry-run', reason: 'interruption-warning' },
    });
  });

  it('skips a warning for a service task: the service scheduler replaces those', () => {
    // Prepare
    const warning = { ...loadTask(WARNING), group: 'service:web' };
    // Act
    const planned = plan(warning);
    // Assess
    expect(planned.step).toMatchObject({ outcome: { action: 'skipped', reason: 'service-task' } });
  });

  it('restarts a capacity loss even when the lineage used every attempt, continuing the last one', () => {
    // Prepare: maxAttempts is 6 in these tests; attempt 6 was interrupted.
    const { warning } = interruption(MINUTE / 1000);
    // Act
    const planned = plan(warning, {}, 6);
    // Assess
    expect(planned.decision).toMatchObject({ action: 'restart', attempt: 6 });
  });
});

function planArgs(task: TaskStateChange): StoppedTaskPlanInput {
  return {
    task,
    facts: {
      taskFound: true,
      tags: [],
      restartTags: parseRestartTags([]),
      definition: DEFINITIONS['report-job'] ?? { essentialContainerNames: [] },
      history: [],
      historyRead: false,
    },
    config: makeConfig(),
    now: task.createdAt + 1000,
    random: 0.5,
    dryRun: false,
    recentTokens: new Map(),
    passableRoleNames: PASSABLE_ROLE_NAMES,
  };
}
