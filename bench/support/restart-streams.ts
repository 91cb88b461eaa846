/**
 * The restart benchmark's account, policy and event streams: tasks fail in the simulator, their
 * STOPPED events are delivered twice (the copy one event later, as EventBridge may), and each
 * stream's timings and calls are collected.
 */
import type { ScenarioInput, Simulator } from '../../simulator/index.ts';
import type { ChildInvocation } from './function-child.ts';

const SG = 'sg-0a1b2c3d4e5f60009';

/** Restarts on failure in cluster `batch`, at once (backoff 0), Spot falling back to FARGATE. */
export const restartPolicy = {
  restart: {
    select: [{ cluster: 'batch', mode: 'on-failure' }],
    network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
    backoff: { initialSeconds: 0, factor: 2, maxSeconds: 60, jitterRatio: 0 },
    crashLoop: { maxFailures: 1000, windowSeconds: 600 },
    spotFallback: [{ from: 'FARGATE_SPOT', to: [{ capacityProvider: 'FARGATE' }] }],
  },
};

/**
 * Cluster `batch` with one awsvpc family per stream kind (`tasksPerFamily` RUNNING Spot tasks
 * each) and `job-warm-up` (`warmUpTasks`), so one kind's STOPPED tasks never lengthen another's
 * crash-loop history, and the delay and dead-letter queues.
 */
export function buildRestartAccount(
  families: readonly string[],
  tasksPerFamily: number,
  warmUpTasks: number,
): ScenarioInput {
  const tasksOf = (family: string, count: number) => ({
    cluster: 'batch',
    taskDefinition: `${family}:1`,
    count,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
    networkConfiguration: {
      awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: [SG] },
    },
    startedBy: 'events-rule/nightly',
    tags: { team: 'data' },
  });
  return {
    clusters: ['batch'],
    taskDefinitions: [...families, 'job-warm-up'].map((family) => ({
      family,
      revisions: 1,
      networkMode: 'awsvpc',
      containers: [{ name: 'app', image: 'example/job', essential: true }],
    })),
    tasks: [
      tasksOf('job-warm-up', warmUpTasks),
      ...families.map((family) => tasksOf(family, tasksPerFamily)),
    ],
    queues: [{ name: 'restart-delay' }, { name: 'restart-dlq' }],
  };
}

/** Fails `count` RUNNING tasks; returns their STOPPED events, each twice, the copy one later. */
export function failTasks(
  sim: Simulator,
  family: string,
  count: number,
  stop: Record<string, unknown>,
): unknown[] {
  const running = [...sim.account.tasks.values()]
    .filter(
      (task) =>
        task.lastStatus === 'RUNNING' &&
        task.startedBy !== 'ecs-autopilot' &&
        task.taskDefinitionArn.endsWith(`/${family}:1`),
    )
    .slice(0, count);
  sim.events.drain();
  for (const task of running) sim.ecs.failTask(task.arn, stop);
  const events = sim.events
    .drain()
    .filter((event) => (event.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
  return events
    .flatMap((event, i) => (i === 0 ? [event] : [event, events[i - 1]]))
    .concat(events.slice(-1));
}

/** What one stream cost: per-invocation timings and the calls the simulator logged. */
export type StreamResult = {
  runTaskMs: number[];
  handlerMs: number[];
  runTasks: number;
  ecsCalls: number;
};

/**
 * Invokes the events one after another in the container.
 * @throws Error when an invocation fails (a broken harness or product).
 */
export async function runStream(
  sim: Simulator,
  invoke: (event: unknown) => Promise<ChildInvocation>,
  stream: unknown[],
): Promise<StreamResult> {
  const from = sim.calls.all.length;
  const runs: ChildInvocation[] = [];
  for (const event of stream) runs.push(await invoke(event));
  const failed = runs.find((run) => !run.ok);
  if (failed) throw new Error(`restart invocation failed: ${failed.error}`);
  const calls = sim.calls.all.slice(from);
  return {
    runTaskMs: runs.flatMap((run) =>
      run.runTaskAfterMs === undefined ? [] : [run.runTaskAfterMs],
    ),
    handlerMs: runs.map((run) => run.durationMs),
    runTasks: calls.filter((call) => call.action === 'RunTask').length,
    ecsCalls: calls.filter((call) => call.service === 'ecs').length,
  };
}
