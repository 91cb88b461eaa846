import { describe, expect, it } from 'vitest';
import { recordFigure } from './support/figures.ts';
import {
  failJobs,
  openRestartAccount,
  RESTART_POLICY,
  startJobs,
} from './support/restart-account.ts';
import {
  countRestarts,
  createPool,
  deliverEvent,
  drainDelayQueue,
  restartsOf,
  takeStoppedEvents,
} from './support/restart-driver.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';
import { RESTART_QUEUE } from './support/simulated-account.ts';

const hooks = installScenarioHooks('restart-task');

/** A fixed shuffle (no randomness in tests): odd positions reversed, then even ones. */
function reorder<T>(items: readonly T[]): T[] {
  const odd = items.filter((_, i) => i % 2 === 1).reverse();
  return [...odd, ...items.filter((_, i) => i % 2 === 0)];
}

describe('restart-task under duplicated and reordered delivery', () => {
  it('starts one task per failure when every event and queue message arrives several times, out of order', async ({
    task,
  }) => {
    // Prepare: four jobs fail; EventBridge delivers each event three times, reordered, to three
    // containers; SQS delivers each delayed restart twice.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const jobs = await startJobs(sim, 4);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    const pool = createPool(account, 3);

    // Act
    for (const event of reorder([...events, ...events, ...events])) {
      await deliverEvent(account, pool, event);
    }
    const queue = sim.account.queues.get(RESTART_QUEUE);
    queue?.messages.push(
      ...(queue?.messages.map((m) => ({ ...m, messageId: `${m.messageId}-again` })) ?? []),
    );
    await drainDelayQueue(account, pool);
    // Late duplicates after the restarts exist, to fresh containers (empty caches): only the
    // clientToken stands between them and a second task.
    const late = createPool(account, 2);
    for (const event of reorder(events)) await deliverEvent(account, late, event);
    await drainDelayQueue(account, late);

    // Assess
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    expect(sim.account.tasks.size).toBe(8);
    // Duplicates that reach RunTask in other containers publish `Task Restarted` again (ECS's
    // answer to a repeated clientToken does not say it is a replay); every one names the same
    // new task, so audit consumers dedupe on `newTaskArn`.
    const audited = sim.account.putEvents
      .filter((e) => e.detailType === 'Task Restarted')
      .map((e) => (e.detail as { newTaskArn?: string }).newTaskArn);
    expect(new Set(audited)).toEqual(new Set(jobs.map((job) => restartsOf(sim, job)[0]?.arn)));
    recordFigure(task, {
      function: 'restart-task',
      category: 'delivery',
      scenario: 'each event ×4 (3 reordered + 1 late), each queue message ×2, 5 containers',
      runs: pool.log.invocations + late.log.invocations,
      ...restarts,
    });
  });

  it('ignores a stale event for an earlier failure of a lineage that moved on', async ({
    task,
  }) => {
    // Prepare: a job fails, is restarted, and the restart fails too.
    const account = await openRestartAccount(hooks);
    const { sim } = account;
    const [job = ''] = await startJobs(sim, 1);
    const pool = createPool(account, 2);
    failJobs(sim, [job]);
    const first = takeStoppedEvents(sim);
    for (const event of first) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);
    const [attempt1] = restartsOf(sim, job);
    failJobs(sim, [attempt1?.arn ?? '']);
    const second = takeStoppedEvents(sim);

    // Act: the second failure, then both failures again, oldest last.
    for (const event of [...second, ...second, ...first]) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);

    // Assess: the original, attempt 1 and attempt 2, nothing else.
    const lineage = [...sim.account.tasks.values()].filter(
      (t) =>
        t.arn === job || t.tags.some((tag) => tag.value === job.slice(job.lastIndexOf('/') + 1)),
    );
    const attempts = lineage.map(
      (t) => t.tags.find((tag) => tag.key === 'ecs-autopilot:attempt')?.value ?? 'original',
    );
    expect(attempts.sort()).toEqual(['1', '2', 'original']);
    recordFigure(task, {
      function: 'restart-task',
      category: 'delivery',
      scenario: 'stale duplicate of an earlier failure after the lineage moved on',
      runs: pool.log.invocations,
      expectedActions: 2,
      lost: 0,
      duplicated: lineage.length - 3,
    });
  });

  it('starts one task per failure when duplicates run at the same time in several containers', async ({
    task,
  }) => {
    // Prepare: three failures, each delivered three times at once (concurrent Lambda instances).
    const account = await openRestartAccount(hooks, {
      ...RESTART_POLICY,
      backoff: { initialSeconds: 0, factor: 2, maxSeconds: 60, jitterRatio: 0 },
    });
    const { sim } = account;
    const jobs = await startJobs(sim, 3);
    failJobs(sim, jobs);
    const events = takeStoppedEvents(sim);
    const pool = createPool(account, 3);

    // Act
    await Promise.all(
      events.flatMap((event) => [1, 2, 3].map(() => deliverEvent(account, pool, event))),
    );
    await drainDelayQueue(account, pool);

    // Assess
    const restarts = countRestarts(sim, jobs);
    expect(restarts).toMatchObject({ lost: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'restart-task',
      category: 'delivery',
      scenario: 'each event ×3 at the same time in 3 containers',
      runs: pool.log.invocations,
      ...restarts,
    });
  });
});
