import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/run-cli.ts';
import { type Simulator, startSimulator, type TaskRecord } from '../../../simulator/index.ts';
import { loadFixture } from '../../support/fixtures.ts';
import { writePolicyFile } from '../../support/policy-file.ts';
import { runCliProcess, writeActions } from '../cli-process.ts';
import { createFakeIo } from '../fake-io.ts';

const SG = 'sg-0a1b2c3d4e5f60009';
/** The stage's passableTaskRoleNames: the report-job fixtures run with report-job-* roles. */
const STAGE = { PASSABLE_ROLE_NAMES: 'report-job-*' };
const SUBNET = 'subnet-0a1b2c3d4e5f60001';

/**
 * Fixtures whose task the account knows (ECS keeps stopped tasks about an hour), seeded as a
 * stopped task of the fixture's task definition with these tags, then given the fixture's ARN.
 */
const knownTasks = [
  { fixture: 'task-stopped-essential-exit-1-fargate.json', taskDefinition: 'report-job:7' },
  { fixture: 'task-stopped-essential-exit-127-fargate.json', taskDefinition: 'report-job:7' },
  { fixture: 'task-stopped-spot-interruption-fargate-spot.json', taskDefinition: 'report-job:7' },
  { fixture: 'task-stopped-user-initiated-fargate.json', taskDefinition: 'report-job:7' },
  { fixture: 'task-stopped-service-essential-exit-1-fargate.json', taskDefinition: 'web-api:31' },
  {
    fixture: 'task-stopped-essential-exit-137-ec2.json',
    taskDefinition: 'etl-transform:12',
    // The third restart of its lineage: with maxAttempts 3 there is no fourth.
    tags: {
      'ecs-autopilot:lineage': '0d1e2f3a4b5c46d7e8f9a0b1c2d3e4f5',
      'ecs-autopilot:attempt': '3',
    },
  },
];

type FixtureEvent = {
  detail: {
    taskArn: string;
    clusterArn: string;
    stopCode?:
      | 'EssentialContainerExited'
      | 'TaskFailedToStart'
      | 'UserInitiated'
      | 'SpotInterruption';
    stoppedReason?: string;
    containers: { name: string; exitCode?: number }[];
  };
};

/** How the fixture's task stopped, as the account records it (DescribeTasks agrees with the event). */
function stopOf(name: string) {
  const { stopCode, stoppedReason, containers } = loadFixture<FixtureEvent>(name).detail;
  const exitCodes = Object.fromEntries(
    containers.flatMap((c) => (c.exitCode === undefined ? [] : [[c.name, c.exitCode]])),
  );
  return { stopCode, stoppedReason, exitCodes };
}

let sim: Simulator;
let policy: string;

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function findTagged(name: string): TaskRecord {
  const record = [...sim.account.tasks.values()].find((task) =>
    task.tags.some((tag) => tag.key === 'fixture' && tag.value === name),
  );
  if (record === undefined) throw new Error(`no seeded task tagged ${name}`);
  return record;
}

/** Re-keys the seeded task of a fixture under the fixture's own task ARN. */
function adoptFixtureTask(name: string): void {
  const { taskArn } = loadFixture<FixtureEvent>(name).detail;
  const record = findTagged(name);
  sim.account.tasks.delete(record.arn);
  sim.account.tasks.set(taskArn, { ...record, arn: taskArn, id: lastSegment(taskArn) });
}

beforeAll(async () => {
  sim = await startSimulator({
    accountId: '111122223333',
    scenario: {
      taskDefinitions: [
        { family: 'report-job', revisions: 7, networkMode: 'awsvpc' },
        {
          family: 'etl-transform',
          revisions: 12,
          containers: [
            { name: 'transform', image: 'example/transform', essential: true },
            { name: 'log-router', image: 'example/fluent-bit', essential: false },
          ],
        },
        { family: 'web-api', revisions: 31, containers: [{ name: 'web', image: 'example/web' }] },
      ],
      tasks: [
        ...knownTasks.map((known) => ({
          cluster: lastSegment(loadFixture<FixtureEvent>(known.fixture).detail.clusterArn),
          taskDefinition: known.taskDefinition,
          lastStatus: 'STOPPED' as const,
          ...stopOf(known.fixture),
          tags: { fixture: known.fixture, ...known.tags },
        })),
        {
          cluster: 'batch',
          taskDefinition: 'report-job:7',
          launchType: 'FARGATE' as const,
          networkConfiguration: { awsvpcConfiguration: { subnets: [SUBNET] } },
          startedBy: 'events-rule/nightly-report',
          tags: { fixture: 'live' },
        },
      ],
    },
  });
  for (const { fixture } of knownTasks) adoptFixtureTask(fixture);
  policy = writePolicyFile({
    restart: {
      select: [
        { cluster: 'batch', mode: 'on-failure' },
        { cluster: 'etl', mode: 'on-failure' },
      ],
      network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
      spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE' }] }],
      backoff: { initialSeconds: 10, factor: 2, maxSeconds: 300, jitterRatio: 0.1 },
      maxAttempts: 3,
    },
  });
});

afterAll(() => sim.close());

describe('explain', () => {
  it.each([
    [
      'task-stopped-essential-exit-1-fargate.json',
      'restart',
      'retry-default',
      'delay-then-run-task',
    ],
    ['task-stopped-essential-exit-127-fargate.json', 'abandon', 'give-up-rule', 'abandon'],
    [
      'task-stopped-spot-interruption-fargate-spot.json',
      'restart',
      'spot-interruption',
      'run-task-now',
    ],
    ['task-stopped-user-initiated-fargate.json', 'skip', 'deliberate-stop', 'nothing'],
    ['task-stopped-service-essential-exit-1-fargate.json', 'skip', 'service-task', 'nothing'],
    ['task-stopped-essential-exit-137-ec2.json', 'abandon', 'max-attempts-reached', 'abandon'],
    ['task-failed-to-start-cannot-pull-timeout-fargate.json', 'skip', 'task-not-found', 'nothing'],
  ])('explains %s: %s (%s), and sends nothing', async (fixture, action, reason, effect) => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(
      ['explain', `events/${fixture}`, '--policy', policy, '--json'],
      { endpoint: sim.endpoint, env: STAGE },
    );

    // Assess
    expect(result.code).toBe(0);
    const explanation = JSON.parse(result.stdout);
    expect(explanation.decision).toMatchObject({ action, reason });
    expect(explanation.effect).toBe(effect);
    expect(writeActions(sim.calls.all)).toEqual([]);
  });

  it("judges the task's roles against PASSABLE_ROLE_NAMES, the narrow default without it", async () => {
    // Act: no stage pattern: report-job's roles are not ecs-autopilot-passable-* roles.
    const result = await runCliProcess(
      [
        'explain',
        'events/task-stopped-essential-exit-1-fargate.json',
        '--policy',
        policy,
        '--json',
      ],
      { endpoint: sim.endpoint },
    );
    // Assess
    expect(JSON.parse(result.stdout).decision).toMatchObject({
      action: 'abandon',
      reason: 'role-not-passable',
    });
  });

  it('says what a task ECS no longer knows would have got, judged without its tags', async () => {
    // Act
    const result = await runCliProcess(
      [
        'explain',
        'events/task-failed-to-start-cannot-pull-timeout-fargate.json',
        '--policy',
        policy,
      ],
      { endpoint: sim.endpoint, env: STAGE },
    );

    // Assess
    expect(result.stdout).toMatch(/^Decision\s+skip \(task-not-found\)$/m);
    expect(result.stdout).toMatch(
      /^If found\s+restart \(retry-rule\), judged as an untagged task$/m,
    );
  });

  it('shows the RunTask request a restart would send: fallback capacity, network, tags', async () => {
    // Act
    const result = await runCliProcess(
      [
        'explain',
        'events/task-stopped-spot-interruption-fargate-spot.json',
        '--policy',
        policy,
        '--json',
      ],
      { endpoint: sim.endpoint, env: STAGE },
    );

    // Assess
    const { runTaskInput, decision, facts } = JSON.parse(result.stdout);
    expect(decision.capacity.source).toBe('spot-fallback');
    // Tag values are masked as in the function's logs; tokens hide in launchers' tags.
    expect(facts.tags).toContainEqual({ key: 'fixture', value: '***' });
    expect(runTaskInput).toMatchObject({
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }],
      networkConfiguration: { awsvpcConfiguration: { securityGroups: [SG] } },
      startedBy: 'ecs-autopilot',
      tags: expect.arrayContaining([{ key: 'ecs-autopilot:attempt', value: '1' }]),
    });
  });

  it('explains a live stop in words: decision, reason, and the delay before RunTask', async () => {
    // Prepare: the nightly job crashes with exit code 1; EventBridge would deliver this event.
    const job = findTagged('live');
    sim.ecs.startTasks();
    sim.events.drain();
    sim.ecs.failTask(job.arn, { stopCode: 'EssentialContainerExited', exitCodes: { app: 1 } });
    const stopped = sim.events
      .drain()
      .find((e) => (e.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
    const file = join(mkdtempSync(join(tmpdir(), 'autopilot-event-')), 'event.json');
    writeFileSync(file, JSON.stringify(stopped));
    sim.calls.clear();

    // Act
    const result = await runCliProcess(['explain', file, '--policy', policy], {
      endpoint: sim.endpoint,
      env: STAGE,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Decision\s+restart \(retry-default\)$/),
        expect.stringMatching(/^Why\s+No classification rule matched: failures are retried/),
        expect.stringMatching(
          /^Would\s+queue the restart on the delay queue, RunTask in about 10 s \(±10% jitter\)$/,
        ),
        expect.stringMatching(new RegExp(`^Lineage\\s+${job.id}, attempt 1 \\(max 3\\)$`)),
        expect.stringMatching(new RegExp(`^Network\\s+subnets ${SUBNET}, security groups ${SG}$`)),
        'Nothing was sent: explain only reads (DescribeTasks, DescribeTaskDefinition, ListTasks).',
      ]),
    );
    expect(writeActions(sim.calls.all)).toEqual([]);
  });

  it.each([
    ['a scheduled event', 'events/scheduled-event-prune.json', 'expected an ECS Task State Change'],
    ['a file that does not exist', 'events/no-such-event.json', 'cannot read'],
    ['a file that is not JSON', 'README.md', 'README.md is not JSON'],
  ])('refuses %s with status 1 before reading the account', async (_, file, message) => {
    // Prepare
    const { io, output } = createFakeIo({ cwd: join(import.meta.dirname, '../../..') });

    // Act
    const code = await runCli(['explain', file], io);

    // Assess
    expect(code).toBe(1);
    expect(output.stderr).toContain(message);
    expect(output.stdout).toBe('');
  });
});
