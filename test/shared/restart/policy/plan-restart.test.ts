import { describe, expect, it } from 'vitest';
import {
  planStoppedTaskRestart,
  type StoppedTaskPlanInput,
} from '../../../../shared/restart/policy/plan-restart.ts';
import { parseRestartTags } from '../../../../shared/restart/restart-tags.ts';
import { DEFINITIONS, loadTask, makeConfig, PASSABLE_ROLE_NAMES } from './restart-fixtures.ts';

const EXIT_1 = 'task-stopped-essential-exit-1-fargate';
const SPOT = 'task-stopped-spot-interruption-fargate-spot';

function planInput(
  fixture: string,
  extra: Partial<StoppedTaskPlanInput> = {},
): StoppedTaskPlanInput {
  const task = loadTask(fixture);
  return {
    task,
    facts: {
      taskFound: true,
      tags: [],
      restartTags: parseRestartTags([]),
      definition: DEFINITIONS[task.family] ?? { essentialContainerNames: [] },
      history: [],
      historyRead: true,
    },
    config: makeConfig(),
    now: (task.stoppedAt ?? task.createdAt) + 1000,
    random: 0.5,
    dryRun: false,
    recentTokens: new Map(),
    passableRoleNames: PASSABLE_ROLE_NAMES,
    ...extra,
  };
}

describe('planStoppedTaskRestart', () => {
  it('skips a task ECS no longer knows, without deciding (its attempt budget is unknown)', () => {
    // Prepare
    const input = planInput(EXIT_1);
    // Act
    const plan = planStoppedTaskRestart({ ...input, facts: { ...input.facts, taskFound: false } });
    // Assess
    expect(plan.decision).toBeUndefined();
    expect(plan.step).toMatchObject({
      kind: 'report',
      outcome: { action: 'skipped', reason: 'task-not-found', attempt: 0 },
    });
  });

  it.each([
    ['a failure worth retrying goes through the delay queue', EXIT_1, {}, 'delay', 'delayed'],
    ['a capacity loss runs now', SPOT, {}, 'run-now', undefined],
    ['a dry run only reports', EXIT_1, { dryRun: true }, 'report', 'dry-run'],
    [
      'a deliberate stop is skipped',
      'task-stopped-user-initiated-fargate',
      {},
      'report',
      'skipped',
    ],
  ] as const)('%s', (_label, fixture, extra, kind, action) => {
    // Act
    const plan = planStoppedTaskRestart(planInput(fixture, extra));
    // Assess
    expect(plan.step.kind).toBe(kind);
    if (action !== undefined) expect(plan.step).toMatchObject({ outcome: { action } });
  });

  it.each([
    [
      'ECS recorded exit 0 where the event said 1: DescribeTasks wins',
      [{ name: 'app', exitCode: 0 }],
      'skipped',
      'exited-cleanly',
    ],
    ['DescribeTasks holds no containers: the event decides', [], 'delayed', 'retry-default'],
  ] as const)('%s', (_label, containers, action, reason) => {
    // Prepare: the event says the app exited 1.
    const input = planInput(EXIT_1);
    const facts = {
      ...input.facts,
      describedStop: { stopCode: 'EssentialContainerExited', containers: [...containers] },
    };
    // Act
    const plan = planStoppedTaskRestart({ ...input, facts });
    // Assess
    expect(plan.step).toMatchObject({ outcome: { action, reason } });
  });

  it('reports a clientToken this container already handled as a duplicate event', () => {
    // Prepare: the first plan's token, remembered as scheduled.
    const first = planStoppedTaskRestart(planInput(EXIT_1));
    const token = first.runTaskInput?.clientToken ?? '';
    // Act
    const again = planStoppedTaskRestart(
      planInput(EXIT_1, { recentTokens: new Map([[token, 'scheduled']]) }),
    );
    // Assess
    expect(again.step).toMatchObject({
      kind: 'report',
      outcome: { action: 'duplicate', reason: 'duplicate-event' },
    });
  });
});
