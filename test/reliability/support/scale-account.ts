/**
 * The account of the scale scenarios: services whose CPU demand calls for a scale-out, a capped
 * scale-out in two steps, a scale-in after stabilization, no change, and one service in cluster
 * `locked`; ticks driven a minute apart, and a fault-free twin run as the oracle.
 */
import { vi } from 'vitest';
import type { ScenarioInput, Simulator } from '../../../simulator/index.ts';
import { loadFixture } from '../../support/fixtures.ts';
import { plantedContainer, plantedTags } from './planted-secrets.ts';
import { type Handler, openAccount, type SimulatedAccount } from './simulated-account.ts';

/** Task-percent of CPU each service needs, spread over its live tasks (target 50 % a task). */
export const DEMAND: Record<string, number> = {
  'prod/web': 300,
  'prod/api': 520,
  'prod/idle': 40,
  'prod/steady': 100,
  'locked/legacy': 300,
};

export const SCALE_POLICY = {
  scale: {
    services: [
      {
        match: { cluster: '*', service: '*' },
        min: 1,
        max: 10,
        metrics: [{ kind: 'cpu', targetPercent: 50 }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 120 } },
      },
    ],
    maxServicesChangedPerRun: 100,
  },
};

/** Ticks of every scale scenario (with faults for some, then without). */
export const TICKS = 10;
const start = Date.UTC(2026, 0, 1, 0, 0, 30);

export const SCALE_SCENARIO: ScenarioInput = {
  clusters: ['prod', { name: 'locked', tags: plantedTags() }],
  taskDefinitions: [{ family: 'web', containers: [plantedContainer('app')], tags: plantedTags() }],
  services: Object.keys(DEMAND).map((key) => {
    const [cluster = '', name = ''] = key.split('/');
    return { cluster, name, taskDefinition: 'web', desiredCount: 2, tags: plantedTags() };
  }),
};

/** Opens the account (through `open`, the hooks' or the plain one) with its CPU metrics. */
export async function openScaleAccount(
  open: typeof openAccount = openAccount,
  demand: Record<string, number> = DEMAND,
): Promise<SimulatedAccount> {
  const account = await open({ scenario: SCALE_SCENARIO, policy: SCALE_POLICY, start });
  const { sim } = account;
  sim.ecs.startTasks();
  for (const [key, value] of Object.entries(demand)) {
    const [ClusterName = '', ServiceName = ''] = key.split('/');
    sim.cloudwatch.defineMetric(
      {
        namespace: 'AWS/ECS',
        metricName: 'CPUUtilization',
        dimensions: { ClusterName, ServiceName },
      },
      () => value / Math.max(1, liveTasks(sim, key)),
    );
  }
  return account;
}

function liveTasks(sim: Simulator, key: string): number {
  return [...sim.account.tasks.values()].filter(
    (t) => t.serviceArn?.endsWith(`/${key}`) && t.desiredStatus === 'RUNNING',
  ).length;
}

/** Desired count of every service, by `cluster/service`. */
export function desiredCounts(sim: Simulator): Record<string, number> {
  return Object.fromEntries(
    [...sim.account.services.values()].map((s) => [
      `${s.clusterArn.slice(s.clusterArn.lastIndexOf('/') + 1)}/${s.name}`,
      s.desiredCount,
    ]),
  );
}

/** Each service's desired count after every tick. */
export type Timeline = Record<string, number[]>;

/** One tick, then a minute of the control loop (tasks start and stop). */
export async function tick(
  account: SimulatedAccount,
  handler: Handler,
  event: unknown = loadFixture('scheduled-event-scale.json'),
  remainingMs?: number,
): Promise<unknown> {
  try {
    return await account.invoke(handler, event, remainingMs);
  } finally {
    account.sim.reconcile();
    account.sim.ecs.startTasks();
    account.sim.reconcile();
    vi.setSystemTime(Date.now() + 60_000);
  }
}

/** Runs `ticks` scheduled ticks, recording the timeline and what threw (a lost tick). */
export async function runTicks(
  account: SimulatedAccount,
  ticks: number,
  timeline: Timeline = {},
  options: { handler?: Handler; remainingMs?: number } = {},
): Promise<{ timeline: Timeline; thrown: unknown[]; reports: unknown[] }> {
  const handler = options.handler ?? (await account.container('scale-services'));
  const thrown: unknown[] = [];
  const reports: unknown[] = [];
  for (let n = 0; n < ticks; n += 1) {
    await tick(account, handler, undefined, options.remainingMs).then(
      (report) => reports.push(report),
      (error: unknown) => thrown.push(error),
    );
    for (const [key, count] of Object.entries(desiredCounts(account.sim))) {
      timeline[key] = [...(timeline[key] ?? []), count];
    }
  }
  return { timeline, thrown, reports };
}

let oracle: Promise<Timeline> | undefined;

/** The timeline of the same account with no fault, over {@link TICKS} ticks (once per file). */
export function scaleOracle(): Promise<Timeline> {
  oracle ??= (async () => {
    const twin = await openScaleAccount();
    const { timeline } = await runTicks(twin, TICKS);
    await twin.sim.close();
    vi.useRealTimers();
    return timeline;
  })();
  return oracle;
}

const stepsOf = (counts: readonly number[]) =>
  counts.filter((count, i) => i > 0 && count !== counts[i - 1]).length + (counts[0] === 2 ? 0 : 1);

/**
 * Compares a timeline with the oracle's. Lost: a service not at the oracle's final count;
 * duplicated: count changes beyond the oracle's; wrong: ticks at a count the fault-free run never
 * had (below its lowest: a scale-in on partial data; above its highest: compounded scale-outs).
 */
export function measureScale(timeline: Timeline, expected: Timeline, only?: readonly string[]) {
  let expectedActions = 0;
  let lost = 0;
  let duplicated = 0;
  let wrong = 0;
  for (const [key, want] of Object.entries(expected)) {
    if (only && !only.includes(key)) continue;
    const got = timeline[key] ?? [];
    expectedActions += stepsOf(want);
    if (got.at(-1) !== want.at(-1)) lost += 1;
    duplicated += Math.max(0, stepsOf(got) - stepsOf(want));
    wrong += got.filter((c) => c < Math.min(2, ...want) || c > Math.max(2, ...want)).length;
  }
  return { expectedActions, lost, duplicated, wrong };
}
