import { describe, expect, it } from 'vitest';
import { decideRestart } from '../../../../shared/restart/policy/decide-restart.ts';
import { loadTask, makeConfig, makeOptions } from './restart-fixtures.ts';

const EXIT_1 = 'task-stopped-essential-exit-1-fargate';

/**
 * decideRestart on what a real account holds beyond the common case: orchestrated tasks, secrets
 * that do not exist, EBS volumes configured at launch, a history scan cut at its cap.
 */
describe('decideRestart (real-account cases)', () => {
  it.each([
    [
      'a rule without includeOrchestrated',
      { select: [{ cluster: '*', mode: 'on-failure' }] },
      [],
      'skip',
      'orchestrator-owned',
    ],
    ['no rule at all', { select: [] }, [], 'skip', 'not-selected'],
    [
      'a later rule with includeOrchestrated',
      {
        select: [
          { cluster: 'etl', mode: 'on-failure' },
          { cluster: 'batch', mode: 'on-failure', includeOrchestrated: true },
        ],
      },
      [],
      'restart',
      'retry-default',
    ],
    [
      'an ecs-autopilot:restart tag on the task',
      { select: [] },
      [{ key: 'ecs-autopilot:restart', value: 'on-failure' }],
      'restart',
      'retry-default',
    ],
  ])('decides a Step Functions task selected by %s: %s (%s)', (_name, configPatch, rawTags, action, reason) => {
    // Prepare
    const task = loadTask('task-stopped-step-functions-exit-1-fargate');
    // Act
    const decision = decideRestart(makeOptions(task, { config: makeConfig(configPatch), rawTags }));
    // Assess
    expect(decision).toMatchObject({ action, reason });
  });

  it.each([
    [
      'a missing secret',
      "failed to fetch secret arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.",
      'abandon',
    ],
    [
      'a missing SSM parameter',
      'unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /report-job/db-password',
      'abandon',
    ],
    [
      'a secret without the key',
      'unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key DB_PASSWORD',
      'abandon',
    ],
    [
      'a secret fetch timeout',
      'unable to retrieve secret from asm: service call has been retried 5 time(s): RequestCanceled: request context canceled caused by: context deadline exceeded',
      'restart',
    ],
  ])('classifies a ResourceInitializationError for %s: %s', (_name, detail, action) => {
    // Prepare
    const task = {
      ...loadTask('task-failed-to-start-resource-initialization-fargate'),
      stoppedReason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ${detail}`,
    };
    // Act
    const decision = decideRestart(makeOptions(task));
    // Assess
    expect(decision.action).toBe(action);
  });

  it('skips a task whose task definition has an EBS volume configured at launch', () => {
    // Prepare
    const task = loadTask(EXIT_1);
    const definition = {
      essentialContainerNames: ['app'],
      networkMode: 'awsvpc',
      launchConfiguredVolumes: ['scratch'],
    };
    // Act
    const decision = decideRestart(makeOptions(task, { definition }));
    // Assess
    expect(decision).toMatchObject({ action: 'skip', reason: 'volume-configured-at-launch' });
  });

  it.each([
    [false, []],
    [true, [expect.stringMatching(/^crash-loop history: .*lower bound$/)]],
  ])('warns that the failure count is a lower bound when the history scan was cut (%s)', (historyTruncated, warnings) => {
    const decision = decideRestart(makeOptions(loadTask(EXIT_1), { historyTruncated }));
    expect(decision).toMatchObject({ action: 'restart', warnings });
  });
});
