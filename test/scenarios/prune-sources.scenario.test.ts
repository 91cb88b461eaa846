import { afterEach, describe, expect, it } from 'vitest';
import type { PruneRunReport } from '../../shared/prune/report.ts';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import {
  type FaultRule,
  type ScenarioInput,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { importFreshContainer } from '../support/fresh-container.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';

type Handler = (event: unknown, context: unknown) => Promise<PruneRunReport>;

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/**
 * `pinned` and `loose`: 12 revisions each, registered 120 to 30 days ago, so with keepNewest 3
 * revisions 1-9 are stale unless something uses them. Each case adds the one thing that uses
 * `pinned:2`.
 */
function accountWith(extra: Partial<ScenarioInput>): ScenarioInput {
  return {
    clusters: ['batch'],
    taskDefinitions: [
      { family: 'pinned', revisions: 12, oldestAge: '120d', newestAge: '30d' },
      { family: 'loose', revisions: 12, oldestAge: '120d', newestAge: '30d' },
    ],
    ...extra,
  };
}

/** Runs one real (not dry) prune through the built bundle, in a fresh container. */
async function prune(
  scenario: ScenarioInput,
  options: { faults?: FaultRule[]; prune?: Record<string, unknown> } = {},
): Promise<PruneRunReport> {
  sim = await startSimulator({ scenario, faults: options.faults });
  const policy = { prune: { dryRun: false, keepNewest: 3, minAgeDays: 14, ...options.prune } };
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: writePolicyFile(policy),
    DRY_RUN: 'false',
    // The pacer's buckets refill 1,000 times faster: pacing is not what these cases test.
    PACING_TIME_FACTOR: '1000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const module = await importFreshContainer<{ handler: Handler }>('prune-task-definitions');
  const handler: Handler = module.handler;
  return handler(
    loadFixture('scheduled-event-prune.json'),
    createLambdaContext({ remainingMs: 120_000 }),
  );
}

function activeRevisions(family: string): number[] {
  return [...(sim?.account.taskDefinitions.values() ?? [])]
    .filter((record) => record.family === family && record.status === 'ACTIVE')
    .map((record) => record.revision)
    .sort((a, b) => a - b);
}

function writes(): number {
  const calls = sim?.calls.all ?? [];
  return calls.filter((call) =>
    ['DeregisterTaskDefinition', 'DeleteTaskDefinitions'].includes(call.action),
  ).length;
}

/** A Map state whose item processor runs `pinned:2` on ECS and waits for it. */
const nestedRunTask = (taskDefinition: Record<string, string>) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Run job',
        States: {
          'Run job': {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.sync',
            Parameters: { Cluster: 'batch', ...taskDefinition },
            End: true,
          },
        },
      },
      End: true,
    },
  },
});

/** Each source, with the only reference to pinned:2 it holds, and a failure to read it. */
const sources: [string, Partial<ScenarioInput>, FaultRule, RegExp][] = [
  [
    'ecs-services',
    { services: [{ cluster: 'batch', name: 'idle', taskDefinition: 'pinned:2', desiredCount: 0 }] },
    {
      target: 'ecs:DescribeServices',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 400,
    },
    /^ecs-services: cluster batch: DescribeServices AccessDeniedException: Injected fault$/,
  ],
  [
    'ecs-tasks',
    { tasks: [{ cluster: 'batch', taskDefinition: 'pinned:2', lastStatus: 'RUNNING' }] },
    { target: 'ecs:ListTasks', kind: 'throttle', when: { desiredStatus: 'RUNNING' } },
    /^ecs-tasks: cluster batch: ListTasks ThrottlingException: Rate exceeded$/,
  ],
  [
    'pending-restarts',
    {
      tasks: [
        {
          cluster: 'batch',
          taskDefinition: 'pinned:2',
          lastStatus: 'STOPPED',
          exitCodes: 1,
          tags: { 'ecs-autopilot:restart': 'on-failure' },
        },
      ],
    },
    { target: 'ecs:ListTasks', kind: 'error', when: { desiredStatus: 'STOPPED' } },
    /^pending-restarts: cluster batch: ListTasks ServerException: Injected fault$/,
  ],
  [
    'eventbridge-rules',
    {
      eventBuses: ['orders'],
      rules: [
        {
          name: 'on-order',
          eventBus: 'orders',
          eventPattern: '{"source":["shop"]}',
          targets: [{ id: 'fulfil', cluster: 'batch', taskDefinition: 'pinned:2' }],
        },
      ],
    },
    {
      target: 'events:ListRules',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 400,
      when: { EventBusName: 'orders' },
    },
    /^eventbridge-rules: event bus orders: ListRules AccessDeniedException/,
  ],
  [
    'scheduler-schedules',
    {
      schedules: [
        { name: 'monthly', group: 'reports', cluster: 'batch', taskDefinition: 'pinned:2' },
      ],
    },
    {
      target: 'scheduler:GetSchedule',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 403,
    },
    /^scheduler-schedules: schedule reports\/monthly: GetSchedule AccessDeniedException/,
  ],
  [
    'step-functions',
    {
      stateMachines: [
        { name: 'nightly', definition: nestedRunTask({ TaskDefinition: 'pinned:2' }) },
      ],
    },
    {
      target: 'states:DescribeStateMachine',
      kind: 'error',
      errorName: 'KmsAccessDeniedException',
      status: 400,
    },
    /^step-functions: state machine nightly: DescribeStateMachine KmsAccessDeniedException/,
  ],
];

describe('prune-task-definitions: every source of revisions in use, through the built bundle', () => {
  it.each(sources)('keeps a revision only %s uses, and prunes the rest', async (source, extra) => {
    // Act
    const report = await prune(accountWith(extra));

    // Assess
    expect(report.reason).toBe('changes-planned');
    expect(report.dryRun).toBe(false);
    expect(activeRevisions('pinned')).toEqual([2, 10, 11, 12]);
    expect(activeRevisions('loose')).toEqual([10, 11, 12]);
    expect(report.sources.find((entry) => entry.source === source)).toMatchObject({
      references: 1,
      gaps: 0,
    });
  });

  it.each(
    sources,
  )('writes nothing when %s cannot be read, and says why', async (source, extra, fault, gap) => {
    // Act
    const report = await prune(accountWith(extra), { faults: [fault] });

    // Assess
    expect(writes()).toBe(0);
    expect(report.reason).toBe('partial-inventory');
    expect(
      report.gaps.some((line) => gap.test(line)),
      report.gaps.join('\n'),
    ).toBe(true);
    expect(report.sources.find((entry) => entry.source === source)?.gaps).toBeGreaterThan(0);
    expect(activeRevisions('loose')).toHaveLength(12);
  });

  it('writes nothing when a later page of a listing fails', async () => {
    // Prepare: 150 schedules (two pages of 100); the second page fails on every attempt.
    const schedules = Array.from({ length: 150 }, (_, index) => ({
      name: `ping-${String(index).padStart(3, '0')}`,
      targetArn: 'arn:aws:lambda:us-east-1:123456789012:function:ping',
    }));
    const fault: FaultRule = { target: 'scheduler:ListSchedules', kind: 'error', after: 1 };

    // Act
    const report = await prune(accountWith({ schedules }), { faults: [fault] });

    // Assess
    expect(writes()).toBe(0);
    expect(report.gaps).toEqual([
      'scheduler-schedules: schedules: ListSchedules ServerException: Injected fault',
    ]);
    expect(sim?.calls.count({ action: 'ListSchedules', error: 'ServerException' })).toBe(4);
  });

  it('keeps a revision a universal Scheduler target or a published state machine version runs', async () => {
    // Act
    const report = await prune(
      accountWith({
        schedules: [
          {
            name: 'sdk',
            universal: {
              action: 'runTask',
              input: { Cluster: 'batch', TaskDefinition: 'pinned:2' },
            },
          },
        ],
        stateMachines: [
          {
            name: 'weekly',
            definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
            versions: [nestedRunTask({ TaskDefinition: 'loose:4' })],
          },
        ],
      }),
    );

    // Assess
    expect(activeRevisions('pinned')).toEqual([2, 10, 11, 12]);
    expect(activeRevisions('loose')).toEqual([4, 10, 11, 12]);
    expect(report.reason).toBe('changes-planned');
  });

  it('blocks every removal on a task definition computed at run time until the policy lists it', async () => {
    // Prepare
    const account = accountWith({
      stateMachines: [
        { name: 'nightly', definition: nestedRunTask({ 'TaskDefinition.$': '$.job' }) },
      ],
    });

    // Act
    const blocked = await prune(account);
    const blockedWrites = writes();
    const listed = await prune(account, {
      prune: { dynamicReferences: [{ stateMachine: 'nightly', families: ['pinned'] }] },
    });

    // Assess: blocked, naming the state machine and its state; then pinned kept whole.
    expect(blockedWrites).toBe(0);
    expect(blocked.reason).toBe('partial-inventory');
    expect(blocked.gaps).toEqual([
      'step-functions: state machine nightly, state "Each/Run job": TaskDefinition $.job is computed at run time; list the state machine in prune.dynamicReferences with the families it may run',
    ]);
    expect(listed.dynamicReferences).toMatchObject([
      {
        name: 'nightly',
        location: 'Each/Run job',
        resolution: 'families-kept',
        keptFamilies: ['pinned'],
      },
    ]);
    expect(activeRevisions('pinned')).toHaveLength(12);
    expect(activeRevisions('loose')).toEqual([10, 11, 12]);
  });
});
