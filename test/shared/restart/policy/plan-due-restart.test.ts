import { describe, expect, it } from 'vitest';
import {
  type DueRestartPlanInput,
  planDueRestart,
} from '../../../../shared/restart/policy/plan-due-restart.ts';
import { makeConfig, makeMessage } from './restart-fixtures.ts';

const ROLE = (name: string) => `arn:aws:iam::111122223333:role/${name}`;

/** A due message under the tests' policy (every cluster selected), job roles passable. */
function input(extra: Partial<DueRestartPlanInput> = {}): DueRestartPlanInput {
  return {
    message: makeMessage(),
    config: makeConfig(),
    definition: { taskRoleArn: ROLE('job-task'), executionRoleArn: 'job-execution' },
    passableRoleNames: 'job-*',
    now: 1_000,
    dryRun: false,
    recentTokens: new Map(),
    ...extra,
  };
}

describe('planDueRestart', () => {
  const live = { dryRun: false, recentTokens: new Map<string, string>() };

  it.each([
    ['an early delivery waits again', 61_000, live, 'delay', 'not-yet-due'],
    [
      'an early delivery under dry run only reports',
      61_000,
      { ...live, dryRun: true },
      'report',
      'not-yet-due',
    ],
    ['a due restart runs now', 0, live, 'run-now', undefined],
    [
      'a due restart under dry run reports',
      0,
      { ...live, dryRun: true },
      'report',
      'retry-default',
    ],
    [
      'a message whose task this container started is a duplicate',
      0,
      { ...live, recentTokens: new Map([['token-0', 'arn:task/new']]) },
      'report',
      'duplicate-message',
    ],
    [
      'a message this container only scheduled still runs',
      0,
      { ...live, recentTokens: new Map([['token-0', 'scheduled']]) },
      'run-now',
      undefined,
    ],
  ] as const)('%s', (_label, notBefore, options, kind, reason) => {
    // Act
    const step = planDueRestart(input({ message: makeMessage({ notBefore }), ...options }));
    // Assess
    expect(step.kind).toBe(kind);
    if (reason !== undefined) expect(step).toMatchObject({ outcome: { reason } });
  });

  it('waits again exactly the time left, rounded up to a second', () => {
    const step = planDueRestart(input({ message: makeMessage({ notBefore: 61_001 }) }));
    expect(step).toMatchObject({ kind: 'delay', delaySeconds: 61 });
  });

  it.each([
    ['no select entry matches any more', { select: [{ cluster: 'etl', mode: 'on-failure' }] }],
    ['the matching entry now says never', { select: [{ cluster: 'batch', mode: 'never' }] }],
    ['the policy selects nothing', { select: [] }],
  ])('drops a message the policy no longer selects: %s', (_name, policy) => {
    // Act
    const step = planDueRestart(input({ config: makeConfig(policy) }));
    // Assess: nothing to run, even early or in a dry run.
    expect(step).toEqual({
      kind: 'report',
      outcome: expect.objectContaining({ action: 'skipped', reason: 'no-longer-selected' }),
    });
  });

  it("keeps a message its task's own restart tag still selects, whatever the policy", () => {
    // Prepare
    const base = makeMessage();
    const tags = [{ key: 'ecs-autopilot:restart', value: 'on-failure' }];
    const message = { ...base, runTaskInput: { ...base.runTaskInput, tags } };
    // Act
    const step = planDueRestart(input({ message, config: makeConfig({ select: [] }) }));
    // Assess
    expect(step.kind).toBe('run-now');
  });

  it('drops an orchestrated task once no includeOrchestrated entry selects it', () => {
    const step = planDueRestart(input({ message: makeMessage({ orchestrated: true }) }));
    expect(step).toMatchObject({ outcome: { reason: 'no-longer-selected' } });
  });

  it.each([
    ['a task role override outside the pattern', { taskRoleArn: ROLE('admin') }, [ROLE('admin')]],
    [
      'a role of another account',
      { executionRoleArn: 'arn:aws:iam::444455556666:role/job-execution' },
      ['arn:aws:iam::444455556666:role/job-execution'],
    ],
  ])('abandons a message that would pass %s, naming it', (_name, overrides, refused) => {
    // Prepare
    const base = makeMessage();
    const message = {
      ...base,
      runTaskInput: { ...base.runTaskInput, overrides: { containerOverrides: [], ...overrides } },
    };
    // Act
    const step = planDueRestart(input({ message }));
    // Assess
    expect(step).toEqual({
      kind: 'report',
      outcome: expect.objectContaining({
        action: 'abandoned',
        reason: 'role-not-passable',
        failure: `not passable under passableTaskRoleNames: ${refused.join(', ')}`,
      }),
    });
  });

  it("abandons a message whose task definition's own role is not passable", () => {
    const step = planDueRestart(input({ definition: { taskRoleArn: ROLE('legacy-admin') } }));
    expect(step).toMatchObject({ outcome: { reason: 'role-not-passable' } });
  });

  it('abandons a message whose task definition ECS no longer describes, with the error', () => {
    // Act
    const step = planDueRestart(
      input({
        definition: {
          unreadable:
            'DescribeTaskDefinition: ClientException: Unable to describe task definition.',
        },
      }),
    );
    // Assess
    expect(step).toEqual({
      kind: 'report',
      outcome: expect.objectContaining({
        action: 'abandoned',
        reason: 'run-task-rejected',
        failure: 'DescribeTaskDefinition: ClientException: Unable to describe task definition.',
      }),
    });
  });
});
