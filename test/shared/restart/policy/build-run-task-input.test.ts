import { describe, expect, it } from 'vitest';
import { buildRunTaskInput } from '../../../../shared/restart/policy/build-run-task-input.ts';
import { computeClientToken } from '../../../../shared/restart/policy/compute-client-token.ts';
import { decideRestart } from '../../../../shared/restart/policy/decide-restart.ts';
import type { RestartDecision } from '../../../../shared/restart/policy/restart-decision.ts';
import { runTaskInputSchema } from '../../../../shared/restart/run-task-input.ts';
import { loadTags, loadTask, makeOptions } from './restart-fixtures.ts';

type Restart = Extract<RestartDecision, { action: 'restart' }>;

function decideOrFail(...args: Parameters<typeof makeOptions>): Restart {
  const decision = decideRestart(makeOptions(...args));
  if (decision.action !== 'restart') throw new Error(`expected a restart, got ${decision.reason}`);
  return decision;
}

describe('buildRunTaskInput', () => {
  it('rebuilds the exact RunTask input of a failed Fargate task, aws: tags excluded', () => {
    // Prepare
    const task = loadTask('task-stopped-essential-exit-1-fargate');
    const tags = loadTags('describe-tasks-exit-1-fargate-tags');
    const decision = decideOrFail(task, { rawTags: tags });
    // Act
    const input = buildRunTaskInput(task, tags, decision);
    // Assess
    expect(input).toEqual({
      cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
      taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/report-job:7',
      count: 1,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      platformVersion: '1.4.0',
      group: 'family:report-job',
      overrides: {
        containerOverrides: [
          {
            name: 'app',
            command: [
              'node',
              'report.js',
              '--date=2025-03-13',
              '--api-key',
              'sk_live_51Habc123secret',
            ],
            environment: [
              { name: 'REPORT_BUCKET', value: 'acme-reports' },
              { name: 'DB_PASSWORD', value: 'hunter2-do-not-log' },
            ],
            cpu: 256,
            memory: 768,
          },
        ],
        cpu: '1024',
        memory: '2048',
        executionRoleArn: 'arn:aws:iam::111122223333:role/report-job-execution',
        taskRoleArn: 'arn:aws:iam::111122223333:role/report-job-task',
        ephemeralStorage: { sizeInGiB: 40 },
      },
      enableExecuteCommand: true,
      enableECSManagedTags: true,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-0a1b2c3d4e5f60001'],
          securityGroups: ['sg-0a1b2c3d4e5f60001', 'sg-0a1b2c3d4e5f60002'],
          assignPublicIp: 'DISABLED',
        },
      },
      tags: [
        { key: 'team', value: 'reporting' },
        { key: 'cost-center', value: 'cc-4711' },
        { key: 'ecs-autopilot:restart', value: 'on-failure' },
        {
          key: 'ecs-autopilot:security-groups',
          value: 'sg-0a1b2c3d4e5f60001 sg-0a1b2c3d4e5f60002',
        },
        { key: 'ecs-autopilot:assign-public-ip', value: 'DISABLED' },
        { key: 'ecs-autopilot:lineage', value: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718' },
        { key: 'ecs-autopilot:attempt', value: '1' },
      ],
      startedBy: 'ecs-autopilot',
      clientToken: computeClientToken(task.taskArn, 1),
    });
    expect(runTaskInputSchema.safeParse(input).success).toBe(true);
  });

  it('replaces the lineage and attempt tags of a restarted task instead of duplicating them', () => {
    // Prepare
    const task = loadTask('task-stopped-essential-exit-1-fargate');
    const tags = loadTags('describe-tasks-restarted-attempt-2-tags');
    // Act
    const input = buildRunTaskInput(task, tags, decideOrFail(task, { rawTags: tags }));
    // Assess
    expect(input.tags.filter((t) => t.key.startsWith('ecs-autopilot:'))).toEqual([
      { key: 'ecs-autopilot:restart', value: 'on-failure' },
      { key: 'ecs-autopilot:security-groups', value: 'sg-0a1b2c3d4e5f60001' },
      { key: 'ecs-autopilot:assign-public-ip', value: 'DISABLED' },
      { key: 'ecs-autopilot:lineage', value: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718' },
      { key: 'ecs-autopilot:attempt', value: '3' },
    ]);
    expect(input).not.toHaveProperty('enableECSManagedTags');
  });

  it('uses the launch type and no network for an EC2 bridge task without capacity provider', () => {
    const task = loadTask('task-stopped-old-arn-format-ec2');
    const input = buildRunTaskInput(task, [], decideOrFail(task));
    expect(input).toEqual({
      cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/default',
      taskDefinition: 'arn:aws:ecs:us-east-1:111122223333:task-definition/legacy-import:3',
      count: 1,
      launchType: 'EC2',
      group: 'family:legacy-import',
      overrides: { containerOverrides: [{ name: 'importer' }] },
      tags: [
        { key: 'ecs-autopilot:lineage', value: 'e9511a82-9247-4239-89e9-ffd548ed9ee4' },
        { key: 'ecs-autopilot:attempt', value: '1' },
      ],
      startedBy: 'ecs-autopilot',
      clientToken: computeClientToken(task.taskArn, 1),
    });
  });

  it('moves a Spot-interrupted task to the fallback strategy', () => {
    const task = loadTask('task-stopped-spot-interruption-fargate-spot');
    const input = buildRunTaskInput(task, [], decideOrFail(task));
    expect(input.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 1, base: 0 },
    ]);
    expect(input).not.toHaveProperty('launchType');
  });

  it('never copies more than 48 user tags (ECS allows 50 with lineage and attempt)', () => {
    const task = loadTask('task-stopped-old-arn-format-ec2');
    const many = Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    const input = buildRunTaskInput(task, many, decideOrFail(task));
    expect(input.tags).toHaveLength(50);
    expect(runTaskInputSchema.safeParse(input).success).toBe(true);
  });

  it('gives a duplicated event the same clientToken, and the next attempt a new one', () => {
    // Prepare
    const first = loadTask('task-stopped-essential-exit-1-fargate');
    const duplicate = loadTask('task-stopped-essential-exit-1-fargate');
    // Act
    const a = buildRunTaskInput(first, [], decideOrFail(first));
    const b = buildRunTaskInput(duplicate, [], decideOrFail(duplicate, { random: 0.9 }));
    // Assess
    expect(b.clientToken).toBe(a.clientToken);
    expect(a.clientToken).toMatch(/^[0-9a-f]{64}$/);
    expect(computeClientToken(first.taskArn, 2)).not.toBe(a.clientToken);
    expect(computeClientToken(first.taskArn, 1, 1)).not.toBe(a.clientToken);
  });

  it('does not share mutable state with the stopped task', () => {
    const task = loadTask('task-stopped-essential-exit-1-fargate');
    const input = buildRunTaskInput(task, [], decideOrFail(task));
    input.overrides?.containerOverrides[0]?.environment?.push({ name: 'X', value: 'y' });
    expect(task.overrides.containerOverrides[0]?.environment).toHaveLength(2);
  });
});
