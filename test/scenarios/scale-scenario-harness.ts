import { vi } from 'vitest';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import {
  type ScenarioInput,
  type Simulator,
  startSimulator,
  type TaskRecord,
} from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { importFreshContainer } from '../support/fresh-container.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';

export type ScaleReport = {
  services: {
    service: string;
    currentCount: number;
    desiredCount: number;
    reason: string;
    status: string;
    notes: string[];
    metrics: { calculation?: string; missing?: string }[];
  }[];
  metricCalls: number;
  totals: { selected: number; scaledOut: number; scaledIn: number; heldBack: number };
};
type Handler = (event: unknown, context: unknown) => Promise<ScaleReport>;

export const start = Date.UTC(2026, 0, 1, 0, 0, 30);
export const minute = 60_000;

/** A CPU rule of cluster prod, 1 to 10 tasks at 50 %. */
export const cpuRule = (service: string, extra: Record<string, unknown> = {}) => ({
  match: { cluster: 'prod', service },
  min: 1,
  max: 10,
  metrics: [{ kind: 'cpu', targetPercent: 50 }],
  ...extra,
});

/** A simulator with the scenario, and the scale bundle loaded in a fresh container. */
export async function openScaleScenario(options: {
  services: ({ name: string; desiredCount: number } & Record<string, unknown>)[];
  rule: object;
  maxServicesChangedPerRun?: number;
  taskDefinitions?: ScenarioInput['taskDefinitions'];
}): Promise<{ sim: Simulator; handler: Handler }> {
  vi.useFakeTimers({ toFake: ['Date'], now: start });
  const sim = await startSimulator({
    clock: () => Date.now(),
    scenario: {
      clusters: ['prod'],
      taskDefinitions: options.taskDefinitions ?? [
        { family: 'web', containers: [{ name: 'app', image: 'example/web' }] },
      ],
      services: options.services.map((s) => ({ cluster: 'prod', taskDefinition: 'web', ...s })),
    },
  });
  sim.ecs.startTasks();
  const scale = {
    services: [options.rule],
    maxServicesChangedPerRun: options.maxServicesChangedPerRun ?? 1000,
  };
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: writePolicyFile({ scale }),
    DRY_RUN: 'false',
    AUDIT_EVENT_BUS_NAME: 'default',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The pacer's waits are real time: out of the way here (the simulator does not throttle).
    PACING_TIME_FACTOR: '1000',
  });
  const module = await importFreshContainer<{ handler: Handler }>('scale-services');
  return { sim, handler: module.handler as Handler };
}

/** Tasks of a service that should be RUNNING (the old deployment's included). */
export function serviceTasks(sim: Simulator, service: string): TaskRecord[] {
  return [...sim.account.tasks.values()].filter(
    (task) => task.serviceArn?.endsWith(`/${service}`) && task.desiredStatus === 'RUNNING',
  );
}

/** Live (desired RUNNING) tasks of a service in the simulated account. */
export function liveTasks(sim: Simulator, service: string): number {
  return serviceTasks(sim, service).length;
}

/** CPU of a service: the demand (task-percent) at that minute spread over its live tasks. */
export function defineCpu(sim: Simulator, service: string, demand: (at: number) => number): void {
  const dimensions = { ClusterName: 'prod', ServiceName: service };
  sim.cloudwatch.defineMetric(
    { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions },
    (at) => demand(at) / Math.max(1, liveTasks(sim, service)),
  );
}

/** One scheduled tick of the built handler. */
export function invokeTick(handler: Handler): Promise<ScaleReport> {
  return handler(loadFixture('scheduled-event-scale.json'), createLambdaContext());
}

/** One scheduled tick, then a minute of the control loop (tasks start and stop). */
export async function tick(sim: Simulator, handler: Handler): Promise<ScaleReport> {
  const report = await invokeTick(handler);
  sim.reconcile();
  sim.ecs.startTasks();
  sim.reconcile();
  vi.advanceTimersByTime(minute);
  return report;
}
