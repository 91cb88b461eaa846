/**
 * The restart function on Fargate Spot's interruption warning, through the built bundle on the
 * simulator: the replacement starts while the interrupted task still runs, and the STOPPED event
 * that follows (and any duplicate of either) starts nothing more.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventBridgeEvent } from '../../simulator/index.ts';
import {
  auditTypes,
  BASE_POLICY,
  invoke,
  newTasks,
  openRestartAccount,
  type RestartAccount,
  runJob,
} from './support/restart-account.ts';

let account: RestartAccount;

afterEach(async () => {
  await account.close();
});

/** A job whose container uses the whole two-minute warning (stopTimeout 120, AWS's maximum). */
const SPOT_JOB = {
  family: 'job',
  networkMode: 'awsvpc' as const,
  containers: [{ name: 'app', image: 'example/job', essential: true, stopTimeout: 120 }],
};

const POLICY = {
  ...BASE_POLICY,
  spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE' }] }],
};

/** A job on Fargate Spot, RUNNING, and its interruption: the warning event and the stop time. */
async function interruptedSpotJob(policy: Record<string, unknown> = POLICY) {
  account = await openRestartAccount({
    scenario: { clusters: ['batch'], taskDefinitions: [SPOT_JOB] },
    policy,
  });
  const job = await runJob(account, {
    taskDefinition: 'job',
    launchType: undefined,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
  });
  account.sim.events.drain();
  vi.setSystemTime(Date.now() + 300_000);
  const stopsAt = account.sim.ecs.interruptSpotTask(job);
  const [warning] = account.sim.events.drain();
  return {
    job,
    stopsAt,
    warning: warning as EventBridgeEvent,
    before: new Set(account.sim.account.tasks.keys()),
  };
}

/** Lets the interrupted task reach its stop, and returns its STOPPED event. */
function stopAt(stopsAt: number): EventBridgeEvent {
  vi.setSystemTime(stopsAt);
  account.sim.reconcile();
  const stopped = account.sim.events
    .drain()
    .filter((e) => (e.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
  expect(stopped).toHaveLength(1);
  return stopped[0] as EventBridgeEvent;
}

describe('restart scenario: Fargate Spot interruption warning', () => {
  it('starts the replacement on the warning, on the fallback provider, before the task stops', async () => {
    // Prepare
    const { job, stopsAt, warning, before } = await interruptedSpotJob();
    // Act
    vi.setSystemTime(Date.now() + 1_000);
    const onWarning = await invoke(account.handler, warning);
    account.sim.ecs.startTasks();
    const replacement = newTasks(account, before)[0];
    const overlapWhileRunning = account.sim.account.tasks.get(job)?.lastStatus;
    const stopped = stopAt(stopsAt);
    const onStop = await invoke(await account.freshContainer(), stopped);
    // Assess: one replacement, RUNNING while the interrupted task still ran, same lineage.
    expect(onWarning).toMatchObject({
      action: 'restarted',
      reason: 'interruption-warning',
      attempt: 1,
      newTaskArn: replacement?.arn,
    });
    expect(overlapWhileRunning).toBe('RUNNING');
    expect(replacement).toMatchObject({ lastStatus: 'RUNNING', capacityProviderName: 'FARGATE' });
    expect(replacement?.tags).toEqual(
      expect.arrayContaining([
        { key: 'ecs-autopilot:lineage', value: job.split('/').pop() },
        { key: 'ecs-autopilot:attempt', value: '1' },
      ]),
    );
    expect((replacement?.startedAt ?? Infinity) < stopsAt).toBe(true);
    // The STOPPED event, in a container that never saw the warning, is recognised by ECS's answer.
    expect(onStop).toMatchObject({
      action: 'duplicate',
      reason: 'replaced-before-stop',
      newTaskArn: replacement?.arn,
    });
    expect(newTasks(account, before)).toHaveLength(1);
    expect(auditTypes(account)).toEqual(['Task Restarted']);
  });

  it('starts exactly one replacement from duplicated warnings and STOPPED events, in any order', async () => {
    // Prepare: every event delivered twice; the STOPPED copies and a late warning to fresh containers.
    const { stopsAt, warning, before } = await interruptedSpotJob();
    const warm = account.handler;
    // Act
    vi.setSystemTime(Date.now() + 1_000);
    const outcomes = [await invoke(warm, warning), await invoke(warm, warning)];
    account.sim.ecs.startTasks();
    const stopped = stopAt(stopsAt);
    vi.setSystemTime(stopsAt + 2_000);
    outcomes.push(await invoke(warm, stopped));
    outcomes.push(await invoke(await account.freshContainer(), stopped));
    outcomes.push(await invoke(await account.freshContainer(), warning));
    // Assess
    const started = newTasks(account, before);
    expect(started).toHaveLength(1);
    expect(outcomes).toMatchObject([
      { action: 'restarted', reason: 'interruption-warning' },
      { action: 'duplicate', reason: 'duplicate-event' },
      { action: 'duplicate', reason: 'replaced-before-stop' },
      { action: 'duplicate', reason: 'replaced-before-stop' },
      // ECS's record says STOPPED now: decided as the stop, and ECS answers with the same task.
      { action: 'duplicate', reason: 'replaced-before-stop' },
    ]);
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ newTaskArn: started[0]?.arn });
    }
    // 1 job, then the warning's start and the cold containers' replays of its clientToken.
    expect(account.sim.calls.count({ action: 'RunTask' })).toBe(4);
    expect(auditTypes(account)).toEqual(['Task Restarted']);
  });

  it('counts a warning once when its duplicate reaches another container before the stop', async () => {
    // Prepare
    const { warning, before } = await interruptedSpotJob();
    // Act: the same warning in two containers, a few seconds apart.
    vi.setSystemTime(Date.now() + 1_000);
    const first = await invoke(account.handler, warning);
    vi.setSystemTime(Date.now() + 5_000);
    const second = await invoke(await account.freshContainer(), warning);
    // Assess: ECS answers the second with the task the first started; one restart is reported.
    const started = newTasks(account, before);
    expect(started).toHaveLength(1);
    expect(first).toMatchObject({ action: 'restarted', newTaskArn: started[0]?.arn });
    expect(second).toMatchObject({
      action: 'duplicate',
      reason: 'duplicate-event',
      newTaskArn: started[0]?.arn,
    });
    expect(auditTypes(account)).toEqual(['Task Restarted']);
  });

  it('waits for the STOPPED event when the selection rule sets replaceOnWarning: false', async () => {
    // Prepare
    const select = [{ cluster: 'batch', mode: 'on-failure', replaceOnWarning: false }];
    const { stopsAt, warning, before } = await interruptedSpotJob({ ...POLICY, select });
    // Act
    vi.setSystemTime(Date.now() + 1_000);
    const onWarning = await invoke(account.handler, warning);
    const startedOnWarning = newTasks(account, before).length;
    const onStop = await invoke(account.handler, stopAt(stopsAt));
    // Assess: nothing runs beside the interrupted task; the stop restarts it at once.
    expect(onWarning).toMatchObject({ action: 'skipped', reason: 'waits-for-stop' });
    expect(startedOnWarning).toBe(0);
    expect(onStop).toMatchObject({ action: 'restarted', reason: 'spot-interruption' });
    expect(newTasks(account, before)).toHaveLength(1);
  });
});
