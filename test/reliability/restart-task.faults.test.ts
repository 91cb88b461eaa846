import { describe, expect, it, vi } from 'vitest';
import { recordFigure } from './support/figures.ts';
import { PLANTED } from './support/planted-secrets.ts';
import { failJobs, openRestartAccount, startJobs } from './support/restart-account.ts';
import {
  countRestarts,
  createPool,
  deliverEvent,
  drainDelayQueue,
  redrive,
  restartsOf,
  takeStoppedEvents,
} from './support/restart-driver.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';
import { RESTART_QUEUE } from './support/simulated-account.ts';

const hooks = installScenarioHooks('restart-task');

/** ECS calls one invocation can make (DescribeTasks ×2, DescribeTaskDefinition, ListTasks, RunTask). */
const ecsCallsPerInvocation = 5;
/** The SDK's pinned `maxAttempts`. */
const sdkAttempts = 4;

describe('restart-task under injected faults', () => {
  it.for([
    [
      'a throttling storm on every ECS action',
      { target: 'ecs:*', kind: 'throttle', probability: 0.7 },
    ],
    ['5xx errors on every service', { target: '*', kind: 'error', probability: 0.3 }],
    ['slow answers', { target: '*', kind: 'latency', latencyMs: 2, probability: 0.5 }],
  ] as const)('restarts every failed job exactly once through %s', async ([name, fault], {
    task,
  }) => {
    // Prepare: four jobs fail; then the storm starts.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 4);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    sim.faults.add(fault);
    account.slowDown(fault.kind === 'latency' ? 2_000 : 0);
    const pool = createPool(account, 3);

    // Act: Lambda retries throwing invocations; SQS redelivers failed records. After the storm,
    // the operator redrives what reached the failure destination.
    for (const event of events) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);
    sim.faults.clear();
    const reported = await redrive(account, pool);
    await drainDelayQueue(account, pool);

    // Assess: one RUNNING restart per failure, carrying the job's overrides; retries bounded.
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    for (const job of jobs) {
      const [restarted] = restartsOf(sim, job);
      expect(restarted?.lastStatus).toBe('RUNNING');
      expect(JSON.stringify(restarted?.overrides)).toContain(PLANTED.overrideEnvironment);
    }
    const ecsCalls = sim.calls.all.filter((call) => call.service === 'ecs').length;
    expect(ecsCalls).toBeLessThanOrEqual(
      pool.log.invocations * ecsCallsPerInvocation * sdkAttempts,
    );
    recordFigure(task, {
      function: 'restart-task',
      category: 'fault',
      scenario: name,
      faultsInjected: account.faultsInjected(),
      runs: pool.log.invocations,
      reported,
      ...restarts,
    });
  });

  it('starts one task when RunTask took effect but every answer was lost', async ({ task }) => {
    // Prepare: the job fails; RunTask starts the task, then all four SDK attempts answer 500.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 2);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    sim.faults.add({ target: 'ecs:RunTask', kind: 'error', afterEffect: true, count: 8 });
    const pool = createPool(account);

    // Act
    for (const event of events) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);

    // Assess: the retry through the delay queue reused the clientToken, so ECS answered with the
    // task it had started, and the lineage stays on attempt 1.
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    expect(sim.account.tasks.size).toBe(4);
    recordFigure(task, {
      function: 'restart-task',
      category: 'fault',
      scenario: 'RunTask answers lost after the task started',
      faultsInjected: account.faultsInjected(),
      runs: pool.log.invocations,
      ...restarts,
    });
  });

  it('starts nothing more when an invocation is killed by its timeout and delivered again', async ({
    task,
  }) => {
    // Prepare
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 3);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    const pool = createPool(account, 4);

    // Act: each event and each due batch runs, is "killed" after its calls (Lambda timeout: no
    // answer reaches the trigger) and is delivered again to other containers.
    for (const event of events) {
      await deliverEvent(account, pool, event);
      await deliverEvent(account, pool, event);
    }
    const due = sim.sqs.nextDueAt(RESTART_QUEUE) ?? Date.now();
    vi.setSystemTime(due);
    const batch = sim.sqs.receiveDue(RESTART_QUEUE);
    for (let n = 0; n < 3; n += 1) await account.invoke(await pool.next(), batch);
    await drainDelayQueue(account, pool);

    // Assess
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'restart-task',
      category: 'fault',
      scenario: 'time budget: invocations killed mid-run and delivered again',
      // Each event killed once, the due batch twice.
      faultsInjected: events.length + 2,
      runs: pool.log.invocations + 3,
      ...restarts,
    });
  });
});
