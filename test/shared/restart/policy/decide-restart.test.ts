import { describe, expect, it } from 'vitest';
import { decideRestart } from '../../../../shared/restart/policy/decide-restart.ts';
import {
  loadTags,
  loadTask,
  makeConfig,
  makeOptions,
  RESTART_FIXTURES,
} from './restart-fixtures.ts';

const EXIT_1 = 'task-stopped-essential-exit-1-fargate';
const MINUTE = 60_000;

describe('decideRestart', () => {
  it.each([
    [EXIT_1, 'restart', 'retry-default', 1, 10],
    ['task-stopped-essential-exit-0-fargate', 'skip', 'exited-cleanly', 0, undefined],
    ['task-stopped-essential-exit-137-ec2', 'restart', 'retry-rule', 1, 10],
    ['task-stopped-essential-exit-127-fargate', 'abandon', 'give-up-rule', 0, undefined],
    ['task-failed-to-start-resource-initialization-fargate', 'restart', 'retry-rule', 1, 10],
    ['task-failed-to-start-cannot-pull-not-found-fargate', 'abandon', 'give-up-rule', 0, undefined],
    ['task-failed-to-start-cannot-pull-timeout-fargate', 'restart', 'retry-rule', 1, 10],
    ['task-failed-to-start-no-task-arn-fargate', 'restart', 'retry-rule', 1, 10],
    ['task-stopped-essential-exit-0-sidecar-143-fargate', 'skip', 'exited-cleanly', 0, undefined],
    ['task-stopped-spot-interruption-fargate-spot', 'restart', 'spot-interruption', 1, 0],
    [
      'task-stopping-spot-interruption-notice-fargate-spot',
      'restart',
      'interruption-warning',
      1,
      0,
    ],
    ['task-stopped-termination-notice-ec2', 'restart', 'termination-notice', 1, 0],
    ['task-stopped-user-initiated-fargate', 'skip', 'deliberate-stop', 0, undefined],
    ['task-stopped-service-scheduler-initiated-fargate', 'skip', 'service-task', 0, undefined],
    ['task-stopped-service-essential-exit-1-fargate', 'skip', 'service-task', 0, undefined],
    ['task-stopped-old-arn-format-ec2', 'restart', 'retry-default', 1, 10],
    ['task-stopped-step-functions-exit-1-fargate', 'skip', 'orchestrator-owned', 0, undefined],
    ['task-stopped-aws-batch-exit-1-ec2', 'skip', 'orchestrator-owned', 0, undefined],
    ['task-stopped-scheduler-exit-1-fargate', 'restart', 'retry-default', 1, 10],
    ['task-failed-to-start-missing-secret-fargate', 'abandon', 'give-up-rule', 0, undefined],
    [
      'task-stopped-essential-exit-1-role-override-fargate',
      'abandon',
      'role-not-passable',
      0,
      undefined,
    ],
  ])('decides %s: %s (%s)', (fixture, action, reason, attempt, delaySeconds) => {
    // Prepare
    const task = loadTask(fixture);
    // Act
    const decision = decideRestart(makeOptions(task));
    // Assess
    expect(decision).toMatchObject({ action, reason, attempt, lineage: task.taskId });
    if (decision.action === 'restart') expect(decision.delaySeconds).toBe(delaySeconds);
  });

  it('covers every fixture in the table above', () => {
    expect(RESTART_FIXTURES).toHaveLength(21);
  });

  it('restarts a Spot interruption on the fallback provider, with the original subnet', () => {
    // Act
    const decision = decideRestart(
      makeOptions(loadTask('task-stopped-spot-interruption-fargate-spot')),
    );
    // Assess
    expect(decision).toMatchObject({
      action: 'restart',
      capacity: {
        source: 'spot-fallback',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
      },
      network: {
        subnets: ['subnet-0a1b2c3d4e5f60001'],
        securityGroups: ['sg-0a1b2c3d4e5f60009'],
        assignPublicIp: 'DISABLED',
      },
    });
  });

  it('keeps the original capacity provider when no fallback is configured for it', () => {
    const decision = decideRestart(makeOptions(loadTask('task-stopped-termination-notice-ec2')));
    expect(decision).toMatchObject({
      capacity: {
        source: 'original',
        capacityProviderStrategy: [{ capacityProvider: 'etl-spot-asg' }],
      },
    });
    expect(decision).not.toHaveProperty('network');
  });

  it.each([
    ['no policy entry and no tag', { select: [] }, [], 'skip', 'not-selected'],
    [
      'a policy entry in never mode',
      { select: [{ family: 'report-*', mode: 'never' }] },
      [],
      'skip',
      'opted-out',
    ],
    [
      'a never tag over an on-failure policy',
      {},
      [{ key: 'ecs-autopilot:restart', value: 'never' }],
      'skip',
      'opted-out',
    ],
    [
      'an on-failure tag without any policy entry',
      { select: [] },
      [{ key: 'ecs-autopilot:restart', value: 'on-failure' }],
      'restart',
      'retry-default',
    ],
    [
      'a policy entry for another cluster',
      { select: [{ cluster: 'etl', mode: 'always' }] },
      [],
      'skip',
      'not-selected',
    ],
    [
      'a hostile tag value (ignored, policy applies)',
      { select: [] },
      [{ key: 'ecs-autopilot:restart', value: 'always; rm -rf /' }],
      'skip',
      'not-selected',
    ],
  ])('selects by tag then policy: %s', (_label, configPatch, rawTags, action, reason) => {
    // Prepare
    const task = loadTask(EXIT_1);
    // Act
    const decision = decideRestart(makeOptions(task, { config: makeConfig(configPatch), rawTags }));
    // Assess
    expect(decision).toMatchObject({ action, reason });
  });

  it('reports an ignored tag as a warning without echoing its value', () => {
    const rawTags = [{ key: 'ecs-autopilot:restart', value: 'always; rm -rf /' }];
    const decision = decideRestart(makeOptions(loadTask(EXIT_1), { rawTags }));
    expect(decision.warnings).toEqual([expect.stringMatching(/^ecs-autopilot:restart: /)]);
    expect(decision.warnings.join()).not.toContain('rm -rf');
  });

  it('restarts a clean exit under always mode', () => {
    const config = makeConfig({ select: [{ cluster: 'batch', mode: 'always' }] });
    const decision = decideRestart(
      makeOptions(loadTask('task-stopped-essential-exit-0-fargate'), { config }),
    );
    expect(decision).toMatchObject({ action: 'restart', reason: 'always-restart', mode: 'always' });
  });

  it('still never restarts a deliberate stop under always mode', () => {
    const config = makeConfig({ select: [{ mode: 'always' }] });
    const decision = decideRestart(
      makeOptions(loadTask('task-stopped-user-initiated-fargate'), { config }),
    );
    expect(decision).toMatchObject({ action: 'skip', reason: 'deliberate-stop' });
  });

  it('skips an awsvpc task whose security groups are unknown rather than use the default group', () => {
    const config = makeConfig({ network: [] });
    const decision = decideRestart(makeOptions(loadTask(EXIT_1), { config }));
    expect(decision).toMatchObject({ action: 'skip', reason: 'network-unknown' });
  });

  it('takes security groups from the task tag over the policy', () => {
    // Prepare
    const rawTags = loadTags('describe-tasks-exit-1-fargate-tags');
    // Act
    const decision = decideRestart(makeOptions(loadTask(EXIT_1), { rawTags }));
    // Assess
    expect(decision).toMatchObject({
      action: 'restart',
      network: { securityGroups: ['sg-0a1b2c3d4e5f60001', 'sg-0a1b2c3d4e5f60002'] },
    });
  });

  it('uses subnets and public IP setting from the network rule when given', () => {
    const network = [
      {
        family: 'report-job',
        subnets: ['subnet-0fedcba987654321f'],
        securityGroups: ['sg-0a1b2c3d4e5f60003'],
        assignPublicIp: 'ENABLED',
      },
    ];
    const decision = decideRestart(
      makeOptions(loadTask(EXIT_1), { config: makeConfig({ network }) }),
    );
    expect(decision).toMatchObject({
      network: {
        subnets: ['subnet-0fedcba987654321f'],
        securityGroups: ['sg-0a1b2c3d4e5f60003'],
        assignPublicIp: 'ENABLED',
      },
    });
  });

  it('continues the lineage and attempt carried by a restarted task', () => {
    // Prepare
    const rawTags = loadTags('describe-tasks-restarted-attempt-2-tags');
    // Act
    const decision = decideRestart(makeOptions(loadTask(EXIT_1), { rawTags }));
    // Assess
    expect(decision).toMatchObject({
      action: 'restart',
      lineage: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
      attempt: 3,
      delaySeconds: 40,
    });
  });

  it.each([
    ['attempt 5 → restart as attempt 6', '5', 'restart', 'retry-default', 6],
    ['attempt 6 → abandon', '6', 'abandon', 'max-attempts-reached', 6],
  ])('stops at maxAttempts: %s', (_label, attemptTag, action, reason, attempt) => {
    const rawTags = [
      { key: 'ecs-autopilot:lineage', value: 'aaaabbbbccccddddeeeeffff00001111' },
      { key: 'ecs-autopilot:attempt', value: attemptTag },
    ];
    const decision = decideRestart(makeOptions(loadTask(EXIT_1), { rawTags }));
    expect(decision).toMatchObject({
      action,
      reason,
      attempt,
      lineage: 'aaaabbbbccccddddeeeeffff00001111',
    });
  });

  it('resets the attempt counter when the stopped task ran healthy long enough', () => {
    // Prepare: attempt 6 would be abandoned, but this one ran 10 minutes
    const task = loadTask(EXIT_1);
    const ranLong = { ...task, startedAt: (task.stoppedAt ?? 0) - 10 * MINUTE };
    const rawTags = [{ key: 'ecs-autopilot:attempt', value: '6' }];
    // Act
    const decision = decideRestart(makeOptions(ranLong, { rawTags }));
    // Assess
    expect(decision).toMatchObject({ action: 'restart', attempt: 1, delaySeconds: 10 });
  });

  it('does not reset the counter one second short of healthyResetAfter', () => {
    const task = loadTask(EXIT_1);
    const ranShort = { ...task, startedAt: (task.stoppedAt ?? 0) - 10 * MINUTE + 1000 };
    const rawTags = [{ key: 'ecs-autopilot:attempt', value: '6' }];
    const decision = decideRestart(makeOptions(ranShort, { rawTags }));
    expect(decision).toMatchObject({ action: 'abandon', reason: 'max-attempts-reached' });
  });

  it('opens the crash-loop breaker at N failures of the family within the window', () => {
    // Prepare: 4 earlier failures in the last 10 minutes + this one = 5
    const task = loadTask(EXIT_1);
    const now = (task.stoppedAt ?? 0) + 1000;
    const history = [1, 2, 3, 4].map((i) => ({
      taskArn: `${task.taskArn}-${i}`,
      stoppedAt: now - i * MINUTE,
    }));
    // Act
    const decision = decideRestart(makeOptions(task, { history, now }));
    // Assess
    expect(decision).toMatchObject({ action: 'abandon', reason: 'crash-loop' });
  });

  it('ignores old, deliberate, Spot and duplicate entries when counting a crash loop', () => {
    // Prepare
    const task = loadTask(EXIT_1);
    const now = (task.stoppedAt ?? 0) + 1000;
    const history = [
      { taskArn: 'a', stoppedAt: now - 11 * MINUTE },
      { taskArn: 'b', stoppedAt: now - MINUTE, stopCode: 'UserInitiated' },
      { taskArn: 'c', stoppedAt: now - MINUTE, stopCode: 'SpotInterruption' },
      { taskArn: task.taskArn, stoppedAt: task.stoppedAt ?? 0 },
      { taskArn: 'd', stoppedAt: now - 2 * MINUTE },
      { taskArn: 'd', stoppedAt: now - 2 * MINUTE },
    ];
    // Act
    const decision = decideRestart(makeOptions(task, { history, now }));
    // Assess
    expect(decision).toMatchObject({ action: 'restart', reason: 'retry-default' });
  });

  it('lets operator rules win over the defaults (first match wins)', () => {
    const config = makeConfig({ classify: [{ exitCodes: ['130-140'], action: 'give-up' }] });
    const decision = decideRestart(
      makeOptions(loadTask('task-stopped-essential-exit-137-ec2'), { config }),
    );
    expect(decision).toMatchObject({
      action: 'abandon',
      reason: 'give-up-rule',
      matchedRule: { source: 'policy', index: 0 },
    });
  });

  it('matches container reasons and stop codes together', () => {
    const config = makeConfig({
      classify: [
        {
          stopCodes: ['EssentialContainerExited'],
          containerReason: 'OutOfMemoryError*',
          action: 'give-up',
        },
      ],
    });
    const decision = decideRestart(
      makeOptions(loadTask('task-stopped-essential-exit-137-ec2'), { config }),
    );
    expect(decision).toMatchObject({ action: 'abandon', reason: 'give-up-rule' });
  });

  it('falls back to retry when the default rules are switched off', () => {
    const config = makeConfig({ useDefaultRules: false });
    const decision = decideRestart(
      makeOptions(loadTask('task-stopped-essential-exit-127-fargate'), { config }),
    );
    expect(decision).toMatchObject({ action: 'restart', reason: 'retry-default' });
  });

  it('treats a task whose essential container is unknown as failed, never as clean', () => {
    const task = loadTask('task-stopped-essential-exit-0-fargate');
    const definition = { essentialContainerNames: ['other'], networkMode: 'awsvpc' };
    const decision = decideRestart(makeOptions(task, { definition }));
    expect(decision).toMatchObject({ action: 'restart', reason: 'retry-default' });
  });
});
