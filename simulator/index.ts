/**
 * The local simulated AWS: `startSimulator()` starts an HTTP server on 127.0.0.1 that the real
 * SDK v3 clients talk to (`endpoint` option or `AWS_ENDPOINT_URL`), over a stateful account the
 * scenario driver can inspect and steer. For tests, benchmarks and the playground only.
 */
import type { AddressInfo } from 'node:net';
import { type CallLog, createCallLog } from './calls.ts';
import type { Clock } from './clock.ts';
import {
  createMetricStore,
  type DimensionedGenerator,
  defineFamily,
  defineGenerator,
  type MetricGenerator,
  type MetricKey,
  putDatapoint,
  singleValue,
} from './cloudwatch/store.ts';
import type { SimContext, SimSettings } from './context.ts';
import { failRollout, reconcile, startAllTasks } from './ecs/reconcile.ts';
import { interruptSpotTask } from './ecs/spot-interruption.ts';
import { buildTaskStateChangeEvent } from './ecs/task-events.ts';
import { finishStop, type StopSpec } from './ecs/task-lifecycle.ts';
import { createEventStream, type EventStream } from './event-stream.ts';
import { storeEventBus } from './eventbridge.ts';
import { createFaults, type FaultRule, type Faults } from './faults.ts';
import { loadScenario, parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';
import { storeScheduleGroup } from './scheduler.ts';
import { applyScenario } from './seed.ts';
import { createSimServer } from './server.ts';
import { setBacklog } from './sqs/backlog.ts';
import { nextDueAt, receiveDue } from './sqs/lambda-event.ts';
import type { Account, StackResourceRecord } from './state.ts';
import { createThrottler, type Throttler, type ThrottlingOptions } from './throttling.ts';

export type SimulatorOptions = {
  /** A scenario object as written (see `generateAccount`), or the path of a YAML/JSON file. */
  scenario?: ScenarioInput | string;
  /** Defaults to `Date.now`. */
  clock?: Clock;
  region?: string;
  accountId?: string;
  throttling?: ThrottlingOptions;
  faults?: FaultRule[];
  /** Seed of the fault injector's random generator. */
  seed?: number;
  settings?: Partial<SimSettings>;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
};

/** A running simulator and the handles a scenario driver uses. */
export type Simulator = {
  /** `http://127.0.0.1:<port>`: pass as the SDK client `endpoint` or `AWS_ENDPOINT_URL`. */
  endpoint: string;
  /** The live account state, for assertions. */
  account: Account;
  calls: CallLog;
  events: EventStream;
  faults: Faults;
  throttling: Throttler;
  now: Clock;
  /** One control-loop step: services converge, tasks move one lifecycle step, cleanup. */
  reconcile: () => void;
  ecs: {
    /** Stops a task now (default stop code EssentialContainerExited). @throws Error if unknown. */
    failTask: (taskArn: string, spec?: Partial<StopSpec>) => void;
    /** Moves every starting task to RUNNING. */
    startTasks: () => void;
    /** Makes the next RunTask calls return these reasons in `failures[]` (e.g. `RESOURCE:MEMORY`). */
    failNextRunTasks: (...reasons: string[]) => void;
    /** Pins a task's health status (container health checks), as DescribeTasks reports it. */
    setTaskHealth: (taskArn: string, status: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN') => void;
    /** Fails the service's rollout as the circuit breaker does (no rollback). */
    failRollout: (serviceArn: string) => void;
    /**
     * Fargate Spot's interruption warning for a RUNNING FARGATE_SPOT task (one task state change
     * event: RUNNING, desiredStatus STOPPED, SpotInterruption); the task stops when reconcile
     * runs after its containers' stopTimeout (or `exitAfterSeconds`). Returns that time.
     */
    interruptSpotTask: (taskArn: string, options?: { exitAfterSeconds?: number }) => number;
  };
  eventBridge: {
    /** Makes the next PutEvents entries fail with these error codes. */
    failNextEntries: (...errorCodes: string[]) => void;
  };
  sqs: {
    /** Due messages as a Lambda SQS event (removed from the queue), or null. */
    receiveDue: (queueName: string, batchSize?: number) => ReturnType<typeof receiveDue>;
    /** When the queue's next message becomes due (epoch ms), or undefined. */
    nextDueAt: (queueName: string) => number | undefined;
    /**
     * Replaces the queue's messages with a backlog: `visible` available, `inFlight` received; now,
     * or from the simulated time `at` on (applied by the first GetQueueAttributes after it).
     */
    setBacklog: (
      queueName: string,
      backlog: { visible: number; inFlight?: number },
      at?: number,
    ) => void;
  };
  cloudFormation: {
    /** Declares a deployed stack's resources (what `serverless invoke local` resolves `Ref`s with). */
    defineStack: (name: string, resources: StackResourceRecord[]) => void;
  };
  cloudwatch: {
    /** Adds datapoints (`at` epoch ms, default now). */
    putDatapoints: (key: MetricKey, points: { at?: number; value: number }[]) => void;
    /**
     * Makes a metric's value a function of time, sampled every minute or every `everyMs` (20 000
     * for an ECS service whose monitoring configuration collects CPU at 20 s), each sample
     * readable `availableAfterMs` after its timestamp (default at once).
     */
    defineMetric: (
      key: MetricKey,
      value: MetricGenerator,
      options?: { everyMs?: number; availableAfterMs?: number },
    ) => void;
    /**
     * Makes every metric of one name a function of its dimensions and time: Container Insights'
     * per-task `CpuUtilized` by TaskId, for example (undefined: the task reported nothing).
     */
    defineMetricFamily: (
      family: { namespace: string; metricName: string },
      value: DimensionedGenerator,
    ) => void;
  };
  close: () => Promise<void>;
};

const defaultSettings: SimSettings = {
  stoppedTaskRetentionMs: 3_600_000,
  deleteCompletionMs: 60_000,
};

/**
 * Starts a simulator on 127.0.0.1.
 * @throws Error when the scenario is invalid or the port is taken.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.clock ?? Date.now;
  const events = createEventStream();
  let endpoint = '';
  const account: Account = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    clusters: new Map(),
    taskDefinitions: new Map(),
    lastRevision: new Map(),
    services: new Map(),
    tasks: new Map(),
    clientTokens: new Map(),
    rules: new Map(),
    eventBuses: new Map(),
    putEvents: [],
    scheduleGroups: new Map(),
    schedules: new Map(),
    stateMachines: new Map(),
    queues: new Map(),
    scalableTargets: [],
    metrics: createMetricStore(),
    stacks: new Map(),
    identities: new Map(),
  };
  const ctx: SimContext = {
    account,
    now,
    settings: { ...defaultSettings, ...options.settings },
    endpoint: () => endpoint,
    emitTaskEvent: (task) => events.push(buildTaskStateChangeEvent(account, task, now())),
    injected: { runTaskFailures: [], putEventsFailures: [] },
  };
  // Every account has the default event bus and the default schedule group.
  storeEventBus(account, 'default');
  storeScheduleGroup(account, 'default', now());
  if (options.scenario !== undefined) applyScenario(ctx, await resolveScenario(options.scenario));
  const calls = createCallLog();
  const faults = createFaults(options.faults, options.seed);
  const throttling = createThrottler(options.throttling ?? {}, now);
  const server = createSimServer({ ctx, calls, faults, throttler: throttling });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    account,
    calls,
    events,
    faults,
    throttling,
    now,
    reconcile: () => reconcile(ctx),
    ecs: {
      failTask: (taskArn, spec = {}) => {
        const task = account.tasks.get(taskArn);
        if (!task) throw new Error(`unknown task ${taskArn}`);
        finishStop(ctx, task, { stopCode: 'EssentialContainerExited', ...spec });
      },
      startTasks: () => startAllTasks(ctx),
      failNextRunTasks: (...reasons) => ctx.injected.runTaskFailures.push(...reasons),
      setTaskHealth: (taskArn, status) => {
        const task = account.tasks.get(taskArn);
        if (!task) throw new Error(`unknown task ${taskArn}`);
        task.health = { status, intervalMs: task.health?.intervalMs ?? 30_000 };
      },
      failRollout: (serviceArn) => failRollout(ctx, serviceArn),
      interruptSpotTask: (taskArn, options) => {
        const task = account.tasks.get(taskArn);
        if (!task) throw new Error(`unknown task ${taskArn}`);
        return interruptSpotTask(ctx, task, options);
      },
    },
    eventBridge: {
      failNextEntries: (...codes) => ctx.injected.putEventsFailures.push(...codes),
    },
    sqs: {
      receiveDue: (queueName, batchSize) => receiveDue(account, queueName, now(), batchSize),
      nextDueAt: (queueName) => nextDueAt(account, queueName),
      setBacklog: (queueName, backlog, at) => setBacklog(account, queueName, backlog, now(), at),
    },
    cloudFormation: {
      defineStack: (name, resources) => account.stacks.set(name, resources),
    },
    cloudwatch: {
      putDatapoints: (key, points) => {
        for (const point of points)
          putDatapoint(account.metrics, key, singleValue(point.at ?? now(), point.value));
      },
      defineMetric: (key, value, options) => defineGenerator(account.metrics, key, value, options),
      defineMetricFamily: (family, value) => defineFamily(account.metrics, family, value),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function resolveScenario(scenario: ScenarioInput | string): Promise<Scenario> {
  return typeof scenario === 'string' ? loadScenario(scenario) : parseScenario(scenario);
}

export type { CallLog, CallRecord } from './calls.ts';
export { type Clock, createManualClock, type ManualClock } from './clock.ts';
export type { MetricKey } from './cloudwatch/store.ts';
export { type OrchestratorName, orchestratedRunTask } from './ecs/orchestrators.ts';
export type { EventBridgeEvent } from './ecs/task-events.ts';
export { StopCode, type StopSpec } from './ecs/task-lifecycle.ts';
export type { FaultRule } from './faults.ts';
export { type GenerateOptions, generateAccount } from './generate.ts';
export { loadScenario, parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';
export type {
  Account,
  PutEventRecord,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './state.ts';
export type { BucketSpec, ThrottlingOptions } from './throttling.ts';
