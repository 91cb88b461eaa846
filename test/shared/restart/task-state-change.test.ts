import { describe, expect, it } from 'vitest';
import { parseTaskStateChange } from '../../../shared/restart/task-state-change.ts';
import { InvalidEventError } from '../../../shared/runtime/errors.ts';
import { loadEventJson, RESTART_FIXTURES } from './policy/restart-fixtures.ts';

describe('parseTaskStateChange', () => {
  it.each(RESTART_FIXTURES)('parses the real-world variant %s', (name) => {
    // Prepare
    const raw = loadEventJson(name);
    // Act
    const task = parseTaskStateChange(raw);
    // Assess
    // Every event names its task in resources[0]; some TaskFailedToStart events only there.
    expect(task.taskArn).toBe((raw.resources as string[])[0]);
    expect(task.taskId).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(task.clusterName).not.toBe('');
    expect(task.family).not.toBe('');
  });

  it('maps a Fargate failure to the domain type with subnets, overrides and epoch-ms times', () => {
    // Act
    const task = parseTaskStateChange(loadEventJson('task-stopped-essential-exit-1-fargate'));
    // Assess
    expect(task).toMatchObject({
      taskId: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
      clusterName: 'batch',
      family: 'report-job',
      group: 'family:report-job',
      launchType: 'FARGATE',
      capacityProviderName: 'FARGATE',
      platformVersion: '1.4.0',
      stopCode: 'EssentialContainerExited',
      containers: [{ name: 'app', exitCode: 1 }],
      networkAttachment: {
        subnetIds: ['subnet-0a1b2c3d4e5f60001'],
        privateIpv4Address: '10.0.1.23',
      },
      enableExecuteCommand: true,
      ephemeralStorageGiB: 40,
      cpu: '1024',
      memory: '2048',
      startedAt: Date.parse('2025-03-14T09:00:15.420Z'),
      stoppedAt: Date.parse('2025-03-14T09:04:40.716Z'),
      eventTime: Date.parse('2025-03-14T09:04:41Z'),
      version: 5,
    });
    expect(task.overrides.containerOverrides[0]?.cpu).toBe(256);
    expect(task.overrides.taskRoleArn).toBe('arn:aws:iam::111122223333:role/report-job-task');
  });

  it('accepts an old-format task ARN without the cluster segment and a missing stopCode', () => {
    // Act
    const task = parseTaskStateChange(loadEventJson('task-stopped-old-arn-format-ec2'));
    // Assess
    expect(task.taskId).toBe('e9511a82-9247-4239-89e9-ffd548ed9ee4');
    expect(task.clusterName).toBe('default');
    expect(task.stopCode).toBeUndefined();
    expect(task.stoppedAt).toBe(Date.parse('2019-11-19T21:13:34Z'));
    expect(task.networkAttachment).toBeUndefined();
    expect(task.enableExecuteCommand).toBe(false);
  });

  it('leaves exitCode out for containers that never ran', () => {
    const task = parseTaskStateChange(
      loadEventJson('task-failed-to-start-cannot-pull-not-found-fargate'),
    );
    expect(task.containers).toEqual([{ name: 'app' }]);
    expect(task.startedAt).toBeUndefined();
  });

  it.each([
    ['no fraction', '2025-03-14T09:04:40Z', Date.UTC(2025, 2, 14, 9, 4, 40)],
    ['one digit', '2025-03-14T09:04:40.5Z', Date.UTC(2025, 2, 14, 9, 4, 40, 500)],
    ['three digits', '2025-03-14T09:04:40.716Z', Date.UTC(2025, 2, 14, 9, 4, 40, 716)],
    [
      'six digits and offset',
      '2025-03-14T11:04:40.716000+02:00',
      Date.UTC(2025, 2, 14, 9, 4, 40, 716),
    ],
  ])('reads timestamps with %s', (_label, stoppedAt, expected) => {
    // Prepare
    const raw = loadEventJson('task-stopped-essential-exit-1-fargate');
    (raw.detail as Record<string, unknown>).stoppedAt = stoppedAt;
    // Act / Assess
    expect(parseTaskStateChange(raw).stoppedAt).toBe(expected);
  });

  it('accepts numeric cpu/memory, null exit codes and unknown fields', () => {
    // Prepare
    const raw = loadEventJson('task-stopped-essential-exit-1-fargate');
    const detail = raw.detail as Record<string, unknown>;
    Object.assign(detail, { cpu: 1024, memory: 2048, someFutureField: { x: 1 } });
    detail.containers = [{ name: 'app', exitCode: null, futureContainerField: true }];
    raw.anotherEnvelopeField = 'x';
    // Act
    const task = parseTaskStateChange(raw);
    // Assess
    expect(task.cpu).toBe('1024');
    expect(task.memory).toBe('2048');
    expect(task.containers).toEqual([{ name: 'app' }]);
    expect(task).not.toHaveProperty('someFutureField');
  });

  it('names every problem of a malformed event in one InvalidEventError', () => {
    // Prepare
    const raw = loadEventJson('task-stopped-essential-exit-1-fargate');
    raw['detail-type'] = 'ECS Service Action';
    const detail = raw.detail as Record<string, unknown>;
    detail.taskArn = 'arn:aws:ec2:us-east-1:111122223333:instance/i-1';
    detail.createdAt = '14/03/2025 09:00';
    detail.stoppedAt = '2025-13-45T09:04:40Z';
    delete detail.version;
    detail.containers = [{ exitCode: 1 }];
    // Act
    const error = captureError(() => parseTaskStateChange(raw));
    // Assess
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error.code).toBe('invalid-event');
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^detail-type: /),
        expect.stringMatching(/^detail\.taskArn: expected a task ARN/),
        expect.stringMatching(/^detail\.createdAt: expected an ISO 8601 timestamp/),
        expect.stringMatching(/^detail\.stoppedAt: /),
        expect.stringMatching(/^detail\.version: /),
        expect.stringMatching(/^detail\.containers\.0\.name: /),
      ]),
    );
    expect(error.issues).toHaveLength(6);
  });

  it('takes the task ARN from resources[0] when a TaskFailedToStart event has no detail.taskArn', () => {
    // Prepare: the shape of real captures: no detail.taskArn, the task ARN in resources[0].
    const raw = loadEventJson('task-failed-to-start-no-task-arn-fargate');
    // Act
    const task = parseTaskStateChange(raw);
    // Assess
    expect(task.taskArn).toBe((raw.resources as string[])[0]);
    expect(task.taskId).toBe('7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2');
    expect(task.clusterName).toBe('batch');
    expect(task.stopCode).toBe('TaskFailedToStart');
  });

  it.each([
    ['resources is empty', []],
    ['resources[0] is not a task ARN', ['arn:aws:ecs:us-east-1:111122223333:cluster/batch']],
    [
      'only a later resource is a task ARN',
      ['x', 'arn:aws:ecs:us-east-1:111122223333:task/batch/7a6b5c4d3e2f41a0b9c8d7e6f5a4b3c2'],
    ],
  ])('still refuses an event without detail.taskArn when %s', (_label, resources) => {
    // Prepare
    const raw = loadEventJson('task-failed-to-start-no-task-arn-fargate');
    raw.resources = resources;
    // Act
    const error = captureError(() => parseTaskStateChange(raw));
    // Assess
    expect(error.issues).toEqual([expect.stringMatching(/^detail\.taskArn: /)]);
  });

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['an empty object', {}],
  ])('rejects %s with an InvalidEventError', (_label, input) => {
    expect(() => parseTaskStateChange(input)).toThrow(InvalidEventError);
  });
});

function captureError(fn: () => unknown): InvalidEventError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidEventError) return error;
    throw error;
  }
  throw new Error('expected an InvalidEventError');
}
