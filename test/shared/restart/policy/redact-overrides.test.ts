import { describe, expect, it } from 'vitest';
import {
  redactOverrides,
  redactRunTaskInput,
} from '../../../../shared/restart/policy/redact-overrides.ts';
import { loadTask } from './restart-fixtures.ts';

describe('redactOverrides', () => {
  it('masks every environment value and secret-looking arguments, keeping names', () => {
    // Prepare
    const task = loadTask('task-stopped-essential-exit-1-fargate');
    // Act
    const redacted = redactOverrides(task.overrides);
    // Assess
    expect(redacted.containerOverrides[0]).toMatchObject({
      environment: [
        { name: 'REPORT_BUCKET', value: '***' },
        { name: 'DB_PASSWORD', value: '***' },
      ],
      command: ['node', 'report.js', '--date=2025-03-13', '--api-key', '***'],
    });
    const logged = JSON.stringify(redacted);
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('sk_live');
  });

  it('leaves the original overrides untouched', () => {
    const task = loadTask('task-stopped-essential-exit-1-fargate');
    redactOverrides(task.overrides);
    expect(task.overrides.containerOverrides[0]?.environment?.[1]?.value).toBe(
      'hunter2-do-not-log',
    );
  });

  it.each([
    ['--password=s3cret', '--password=***'],
    ['DB_TOKEN=abc', 'DB_TOKEN=***'],
    ['--aws-key AKIAIOSFODNN7EXAMPLE', '--aws-key ***'],
    ['--date=2025-03-13', '--date=2025-03-13'],
    ['export PGPASSWORD=s3cret; psql -h db', 'export PGPASSWORD=***; psql -h db'],
    ['psql "postgres://app:s3cret@db/app"', 'psql "postgres://app:***@db/app"'],
    [
      'curl -H "Authorization: Bearer s3cret" https://x',
      'curl -H "Authorization: Bearer ***" https://x',
    ],
  ])('redacts the argument %s', (arg, expected) => {
    const overrides = { containerOverrides: [{ name: 'app', command: [arg] }] };
    expect(redactOverrides(overrides).containerOverrides[0]?.command).toEqual([expected]);
  });

  it('redacts the overrides and copied tag values of a RunTask input, keeping everything else', () => {
    const input = {
      cluster: 'c',
      taskDefinition: 't',
      count: 1 as const,
      tags: [
        { key: 'build-token', value: 's3cret' },
        { key: 'ecs-autopilot:attempt', value: '2' },
      ],
      startedBy: 'ecs-autopilot',
      clientToken: 'x',
      overrides: { containerOverrides: [{ name: 'a', environment: [{ name: 'K', value: 'v' }] }] },
    };
    expect(redactRunTaskInput(input)).toEqual({
      ...input,
      tags: [
        { key: 'build-token', value: '***' },
        { key: 'ecs-autopilot:attempt', value: '2' },
      ],
      overrides: {
        containerOverrides: [{ name: 'a', environment: [{ name: 'K', value: '***' }] }],
      },
    });
    expect(redactRunTaskInput({ ...input, overrides: undefined }).overrides).toBeUndefined();
  });
});
