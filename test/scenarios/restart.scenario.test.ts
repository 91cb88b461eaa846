import { ECSClient, RunTaskCommand, type RunTaskCommandInput } from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { importFreshContainer } from '../support/fresh-container.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const SG = 'sg-0a1b2c3d4e5f60009';
const QUEUE = 'restart-delay';

const basePolicy = {
  select: [{ cluster: 'batch', mode: 'on-failure' }],
  network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
  backoff: { initialSeconds: 2, factor: 2, maxSeconds: 60, jitterRatio: 0 },
  maxAttempts: 3,
  healthyResetAfterSeconds: 60,
  crashLoop: { maxFailures: 100, windowSeconds: 600 },
  spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE' }] }],
};

let sim: Simulator;
let handlers: Handler[];

async function loadHandler(): Promise<Handler> {
  // Its own copy of the bundle: a second Lambda container.
  const module = await importFreshContainer<{ handler: Handler }>('restart-task');
  return module.handler as Handler;
}

async function setUp(policy: Record<string, unknown> = basePolicy): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 0, 1) });
  sim = await startSimulator({
    scenario: {
      clusters: ['batch'],
      taskDefinitions: [
        {
          family: 'job',
          revisions: 1,
          networkMode: 'awsvpc',
          containers: [{ name: 'app', image: 'example/job', essential: true }],
        },
      ],
      queues: [{ name: QUEUE }, { name: 'restart-dlq' }],
    },
  });
  const policyFile = writePolicyFile({ restart: policy });
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: policyFile,
    DRY_RUN: 'false',
    RESTART_QUEUE_URL: `${sim.endpoint}/${sim.account.accountId}/${QUEUE}`,
    DEAD_LETTER_QUEUE_URL: `${sim.endpoint}/${sim.account.accountId}/restart-dlq`,
  });
  // Fresh containers per test: the config is loaded once per container, like Lambda's.
  handlers = [await loadHandler(), await loadHandler()];
}

/** Starts the first task of a lineage, RUNNING, as a scheduled job would. */
async function runJob(extra: Partial<RunTaskCommandInput> = {}): Promise<string> {
  const ecs = new ECSClient({ endpoint: sim.endpoint });
  const answer = await ecs.send(
    new RunTaskCommand({
      cluster: 'batch',
      taskDefinition: 'job:1',
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: [SG] },
      },
      tags: [{ key: 'team', value: 'data' }],
      startedBy: 'events-rule/nightly',
      ...extra,
    }),
  );
  sim.ecs.startTasks();
  return answer.tasks?.[0]?.taskArn ?? '';
}

/** STOPPED events since the last call (the EventBridge rule's filter). */
function stoppedEvents(): unknown[] {
  return sim.events
    .drain()
    .filter((e) => (e.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
}

/** Moves time to the next due delay-queue message and delivers the due batch. */
async function deliverDue(handler: Handler = handlers[0] as Handler): Promise<number> {
  const due = sim.sqs.nextDueAt(QUEUE);
  if (due === undefined) return 0;
  const delay = Math.max(0, due - Date.now());
  vi.setSystemTime(Date.now() + delay);
  const batch = sim.sqs.receiveDue(QUEUE);
  if (batch) await handler(batch, createLambdaContext());
  sim.ecs.startTasks();
  return delay;
}

function tasksOf(lineage: string) {
  return [...sim.account.tasks.values()].filter(
    (t) =>
      t.arn.endsWith(lineage) ||
      t.tags.some((tag) => tag.key === 'ecs-autopilot:lineage' && tag.value === lineage),
  );
}

function auditTypes(): string[] {
  return sim.account.putEvents.map((e) => e.detailType);
}

describe('restart scenario', () => {
  beforeEach(() => setUp());
  afterEach(async () => {
    vi.useRealTimers();
    await sim.close();
  });

  it('restarts a crash-looping task with growing delays and abandons it after the budget', async () => {
    // Prepare
    let current = await runJob();
    const lineage = current.split('/').pop() ?? '';
    const delays: number[] = [];
    // Act: every run fails after 5 seconds.
    for (let round = 0; round < 4; round += 1) {
      vi.setSystemTime(Date.now() + 5_000);
      sim.ecs.failTask(current, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
      for (const event of stoppedEvents()) await handlers[0]?.(event, createLambdaContext());
      const before = new Set(sim.account.tasks.keys());
      const delay = await deliverDue();
      if (delay > 0) delays.push(delay);
      current = [...sim.account.tasks.keys()].find((arn) => !before.has(arn)) ?? '';
    }
    // Assess
    expect(delays).toEqual([2_000, 4_000, 8_000]);
    expect(tasksOf(lineage)).toHaveLength(4);
    expect(auditTypes()).toEqual([
      'Task Restarted',
      'Task Restarted',
      'Task Restarted',
      'Task Restart Abandoned',
    ]);
  });

  it('starts exactly one task per failure from a duplicated, reordered event stream', async () => {
    // Prepare: three jobs fail; every event is delivered twice, newest first, to two containers.
    const jobs = [await runJob(), await runJob(), await runJob()];
    sim.events.drain();
    for (const arn of jobs)
      sim.ecs.failTask(arn, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const events = stoppedEvents();
    const stream = [...events, ...events].reverse();
    // Act
    for (const [i, event] of stream.entries())
      await handlers[i % 2]?.(event, createLambdaContext());
    await deliverDue(handlers[1]);
    // A late duplicate after the restarts exist, through two fresh containers (empty caches):
    // only the clientToken stands between it and a second task.
    const fresh = [await loadHandler(), await loadHandler()];
    for (const event of events) await fresh[0]?.(event, createLambdaContext());
    await deliverDue(fresh[1]);
    // Assess
    for (const arn of jobs) expect(tasksOf(arn.split('/').pop() ?? '')).toHaveLength(2);
    expect(sim.account.tasks.size).toBe(6);
    // 3 jobs + 3 restarts + 3 replays of the same tokens, which started nothing.
    expect(sim.calls.count({ action: 'RunTask' })).toBe(9);
  });

  it('resets the attempt counter of a task that ran healthy', async () => {
    // Prepare: the first restart (attempt 1) runs two minutes, longer than the 60 s reset.
    const first = await runJob();
    sim.ecs.failTask(first, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    for (const event of stoppedEvents()) await handlers[0]?.(event, createLambdaContext());
    await deliverDue();
    const restarted = [...sim.account.tasks.values()].find((t) => t.arn !== first);
    vi.setSystemTime(Date.now() + 120_000);
    // Act
    sim.ecs.failTask(restarted?.arn ?? '', { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    for (const event of stoppedEvents()) await handlers[0]?.(event, createLambdaContext());
    const delay = await deliverDue();
    // Assess: attempt 1 again (the initial 2 s backoff), same lineage.
    const third = [...sim.account.tasks.values()].at(-1);
    expect(delay).toBe(2_000);
    expect(third?.tags).toEqual(
      expect.arrayContaining([
        { key: 'ecs-autopilot:lineage', value: first.split('/').pop() },
        { key: 'ecs-autopilot:attempt', value: '1' },
      ]),
    );
  });

  it('restarts a Spot interruption at once on the fallback capacity provider', async () => {
    // Prepare
    const spot = await runJob({
      launchType: undefined,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
    });
    // Act
    sim.ecs.failTask(spot, { stopCode: 'SpotInterruption' });
    for (const event of stoppedEvents()) await handlers[0]?.(event, createLambdaContext());
    // Assess: no delay queue involved.
    const restarted = [...sim.account.tasks.values()].find((t) => t.arn !== spot);
    expect(sim.sqs.nextDueAt(QUEUE)).toBeUndefined();
    expect(restarted?.capacityProviderName).toBe('FARGATE');
    expect(restarted?.networkConfiguration).toMatchObject({
      awsvpcConfiguration: { securityGroups: [SG] },
    });
  });
});
