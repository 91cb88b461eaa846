import { describe, expect, it } from 'vitest';
import { delayedRestartMessageSchema } from '../../../../shared/restart/delayed-restart-message.ts';
import { buildRunTaskInput } from '../../../../shared/restart/policy/build-run-task-input.ts';
import { computeClientToken } from '../../../../shared/restart/policy/compute-client-token.ts';
import { decideRestart } from '../../../../shared/restart/policy/decide-restart.ts';
import {
  buildDelayedRestartMessage,
  decideRunTaskRetry,
} from '../../../../shared/restart/policy/plan-delayed-restart.ts';
import { loadTags, loadTask, makeConfig, makeOptions } from './restart-fixtures.ts';

const NOW = Date.parse('2025-03-14T09:04:42Z');

function makeMessage() {
  const task = loadTask('task-stopped-essential-exit-1-fargate');
  const tags = loadTags('describe-tasks-exit-1-fargate-tags');
  const decision = decideRestart(makeOptions(task, { rawTags: tags, now: NOW }));
  if (decision.action !== 'restart') throw new Error('expected a restart');
  return buildDelayedRestartMessage(task, decision, buildRunTaskInput(task, tags, decision), NOW);
}

describe('buildDelayedRestartMessage', () => {
  it('carries everything needed to run the task again, and passes its own schema', () => {
    // Act
    const message = makeMessage();
    // Assess
    expect(message).toMatchObject({
      kind: 'ecs-autopilot.delayed-restart',
      schemaVersion: 1,
      stoppedTaskArn:
        'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
      family: 'report-job',
      group: 'family:report-job',
      lineage: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
      attempt: 1,
      reason: 'retry-default',
      runTaskRetries: 0,
      placementRound: 0,
      notBefore: NOW + 10_000,
    });
    const roundTrip = delayedRestartMessageSchema.parse(JSON.parse(JSON.stringify(message)));
    expect(roundTrip).toEqual(message);
  });

  it('rejects a message body with unknown keys or a missing RunTask input', () => {
    const { runTaskInput: _dropped, ...rest } = makeMessage();
    const result = delayedRestartMessageSchema.safeParse({ ...rest, extra: 1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.') || i.message)).toEqual(
      expect.arrayContaining(['runTaskInput']),
    );
  });

  it.each([
    ['another cluster', { cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/prod' }, 'cluster'],
    [
      'a revision of another family',
      { taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/admin-shell:1' },
      'taskDefinition',
    ],
    ['a bare family name', { taskDefinition: 'report-job' }, 'taskDefinition'],
    ['another group', { group: 'family:admin-shell' }, 'group'],
    ['another startedBy', { startedBy: 'someone' }, 'startedBy'],
  ])('rejects a body whose RunTask request runs %s than the body says', (_name, change, field) => {
    // Prepare
    const message = makeMessage();
    const forged = { ...message, runTaskInput: { ...message.runTaskInput, ...change } };
    // Act
    const result = delayedRestartMessageSchema.safeParse(forged);
    // Assess: one issue, at the field, without its value.
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([`runTaskInput.${field}`]);
    expect(JSON.stringify(result.error?.issues.map((i) => i.message))).not.toContain('admin-shell');
  });
});

describe('decideRunTaskRetry', () => {
  const config = makeConfig();

  it.each([
    [
      'capacity',
      1,
      computeClientToken(
        'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
        1,
        1,
      ),
    ],
    [
      'throttled',
      0,
      computeClientToken(
        'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
        1,
        0,
      ),
    ],
    [
      'unknown',
      0,
      computeClientToken(
        'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
        1,
        0,
      ),
    ],
  ] as const)('retries after a %s failure with the right clientToken', (failure, round, token) => {
    // Act
    const decision = decideRunTaskRetry(makeMessage(), failure, config, { now: NOW, random: 0.5 });
    // Assess
    expect(decision).toMatchObject({
      action: 'retry',
      reason: 'run-task-retry',
      delaySeconds: 10,
      message: {
        runTaskRetries: 1,
        placementRound: round,
        notBefore: NOW + 10_000,
        runTaskInput: { clientToken: token },
      },
    });
  });

  it('abandons once the RunTask retry budget is spent', () => {
    // Prepare
    const spent = { ...makeMessage(), runTaskRetries: config.runTaskRetry.maxRetries };
    // Act
    const decision = decideRunTaskRetry(spent, 'capacity', config, { now: NOW, random: 0.5 });
    // Assess
    expect(decision).toEqual({
      action: 'abandon',
      reason: 'run-task-budget-exhausted',
      retries: 5,
    });
  });

  it.each([0, 3])('abandons a rejected request at once, after %i earlier retries', (retries) => {
    // Prepare
    const message = { ...makeMessage(), runTaskRetries: retries };
    // Act
    const decision = decideRunTaskRetry(message, 'rejected', config, { now: NOW, random: 0.5 });
    // Assess
    expect(decision).toEqual({ action: 'abandon', reason: 'run-task-rejected', retries });
  });
});
