import { describe, expect, it } from 'vitest';
import { recordFigure } from './support/figures.ts';
import { failJobs, openRestartAccount, startJobs } from './support/restart-account.ts';
import {
  abandonedTasks,
  countRestarts,
  createPool,
  deliverEvent,
  drainDelayQueue,
  redrive,
  takeStoppedEvents,
} from './support/restart-driver.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';
import { RESTART_QUEUE } from './support/simulated-account.ts';

const hooks = installScenarioHooks('restart-task');

describe('restart-task under partial failures', () => {
  it('retries RunTask failures[] with a new placement and starts one task', async ({ task }) => {
    // Prepare: ECS answers the first two RunTask calls with failures[] (no capacity).
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 2);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    sim.ecs.failNextRunTasks('RESOURCE:MEMORY', 'RESOURCE:MEMORY');
    const pool = createPool(account);

    // Act
    for (const event of events) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);

    // Assess: both restarted once; four RunTask calls (two refused, two started).
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    expect(sim.calls.count({ action: 'RunTask' })).toBe(2 + 4);
    recordFigure(task, {
      function: 'restart-task',
      category: 'partial-failure',
      scenario: 'RunTask failures[] (capacity), retried',
      faultsInjected: 2,
      runs: pool.log.invocations,
      ...restarts,
    });
  });

  it('abandons with an audit event and a metric once RunTask failures[] outlast the budget', async ({
    task,
  }) => {
    // Prepare: 1 try + 3 retries, all refused.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 1);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    sim.ecs.failNextRunTasks(...Array.from({ length: 4 }, () => 'RESOURCE:CPU'));
    const pool = createPool(account);

    // Act
    for (const event of events) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);

    // Assess: no task, the give-up is audited with its reason and nothing is left queued.
    const reported = abandonedTasks(sim);
    expect(reported).toEqual(jobs);
    expect(sim.account.putEvents.at(-1)?.detail).toMatchObject({
      reason: 'run-task-budget-exhausted',
      failure: expect.stringContaining('RESOURCE:CPU'),
    });
    expect(sim.sqs.nextDueAt(RESTART_QUEUE)).toBeUndefined();
    const metric = hooks.output().find((line) => line.includes('"RestartsAbandoned"'));
    expect(JSON.parse(metric ?? '{}')).toMatchObject({
      RestartsAbandoned: 1,
      reason: 'run-task-budget-exhausted',
    });
    const restarts = countRestarts(sim, jobs, reported);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'restart-task',
      category: 'partial-failure',
      scenario: 'RunTask failures[] beyond the retry budget, abandoned and audited',
      faultsInjected: 4,
      runs: pool.log.invocations,
      reported: reported.length,
      ...restarts,
    });
  });

  it('retries when DescribeTasks reports the stopped task in failures[] for a reason other than MISSING', async ({
    task,
  }) => {
    // Prepare: the first DescribeTasks of each invocation reports an internal error.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 2);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    sim.faults.add({
      target: 'ecs:DescribeTasks',
      kind: 'failures',
      reason: 'INTERNAL_ERROR',
      count: 2,
    });
    const pool = createPool(account);

    // Act
    for (const event of events) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);

    // Assess: the failure was not taken for a vanished task; both jobs restarted once.
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'restart-task',
      category: 'partial-failure',
      scenario: 'DescribeTasks failures[] (INTERNAL_ERROR) on the stopped task',
      faultsInjected: account.faultsInjected(),
      runs: pool.log.invocations,
      ...restarts,
    });
  });

  it('reports the failures of an inaccessible cluster and restarts the others', async ({
    task,
  }) => {
    // Prepare: every ECS call naming cluster `locked` is denied.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const open = await startJobs(sim, 2, 'batch');
    const locked = await startJobs(sim, 2, 'locked');
    failJobs(sim, [...open, ...locked]);
    const events = takeStoppedEvents(sim);
    sim.faults.add({
      target: 'ecs:*',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 400,
      cluster: 'locked',
    });
    const pool = createPool(account);

    // Act
    for (const event of events) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);
    const atFailureDestination = pool.log.failureDestination.length;
    const runTasksWhileDenied = sim.calls.count({ action: 'RunTask' });
    // Access is granted again; the operator redrives the failure destination.
    sim.faults.clear();
    const reported = await redrive(account, pool);
    await drainDelayQueue(account, pool);

    // Assess: while denied, the locked jobs' events went to the failure destination after
    // Lambda's retries and nothing ran there; the open cluster's jobs restarted at once.
    expect(atFailureDestination).toBe(2);
    expect(runTasksWhileDenied).toBe(2 + 2 + 2);
    const restarts = countRestarts(sim, [...open, ...locked]);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'restart-task',
      category: 'partial-failure',
      scenario: 'AccessDenied on one cluster, reported, redriven',
      faultsInjected: account.faultsInjected(),
      runs: pool.log.invocations,
      reported,
      ...restarts,
    });
  });
});
