/**
 * Figure 6b, bounded crash-loop history: restart-task handling one `ECS Task State Change` event
 * in a cluster that holds 10,000 STOPPED tasks from the last hour, once with `crashLoop.scope:
 * family` (all 10,000 of the stopped task's family) and once with `scope: group` (the whole
 * cluster, 20 families). Per event: ECS calls, handler duration against the 30 s timeout, and the
 * process's peak RSS against the function's 192 MB. Run alone with `node bench/restart-history.ts`.
 */
import { pathToFileURL } from 'node:url';
import { type ScenarioInput, startSimulator } from '../simulator/index.ts';
import type { Figure, Section } from './report/figures.ts';
import { round } from './report/figures.ts';
import { functionEnvironment, startFunctionChild } from './support/child-process.ts';

const STOPPED_TASKS = 10_000;
const FAMILIES = 20;
/** Added to every ECS answer: an in-Region round trip, so the duration is not a localhost one. */
const ecsLatencyMs = 40;
const SG = 'sg-0a1b2c3d4e5f60009';
const SUBNET = 'subnet-0a1b2c3d4e5f60001';
const timeoutMs = 30_000;
const memoryMb = 192;
/** The history cap (shared/restart/crash-loop-history.ts): 10 ListTasks + 10 DescribeTasks. */
const historyCalls = 20;

type Scope = 'family' | 'group';

/** Cluster `batch`: 10,000 STOPPED tasks (1 % of them earlier restarts), and one RUNNING job. */
function buildAccount(scope: Scope): ScenarioInput {
  const families =
    scope === 'family'
      ? ['job']
      : ['job', ...Array.from({ length: FAMILIES - 1 }, (_, i) => `job-${i}`)];
  const perFamily = STOPPED_TASKS / families.length;
  const stopped = (family: string, count: number, startedBy: string) => ({
    cluster: 'batch',
    taskDefinition: `${family}:1`,
    count,
    lastStatus: 'STOPPED' as const,
    launchType: 'FARGATE' as const,
    startedBy,
    group: 'family:job',
    exitCodes: 1,
    age: '30m',
  });
  return {
    clusters: ['batch'],
    taskDefinitions: families.map((family) => ({
      family,
      networkMode: 'awsvpc' as const,
      containers: [{ name: 'app', image: 'example/job', essential: true }],
    })),
    tasks: [
      ...families.flatMap((family) => [
        stopped(family, perFamily * 0.99, 'events-rule/nightly'),
        stopped(family, perFamily * 0.01, 'ecs-autopilot'),
      ]),
      {
        cluster: 'batch',
        taskDefinition: 'job:1',
        launchType: 'FARGATE',
        startedBy: 'events-rule/nightly',
        networkConfiguration: { awsvpcConfiguration: { subnets: [SUBNET], securityGroups: [SG] } },
      },
    ],
    queues: [{ name: 'restart-delay' }, { name: 'restart-dlq' }],
  };
}

type Measured = {
  scope: Scope;
  ecsCalls: Record<string, number>;
  durationMs: number;
  maxRssKb: number;
  outcome: unknown;
};

/** One event, one fresh container, ECS throttled at its real rates and 40 ms away. */
async function measureOne(scope: Scope): Promise<Measured> {
  const sim = await startSimulator({
    scenario: buildAccount(scope),
    throttling: { enabled: true, timeFactor: 1 },
    faults: [{ target: 'ecs:*', kind: 'latency', latencyMs: ecsLatencyMs }],
  });
  try {
    const queue = (name: string) => `${sim.endpoint}/${sim.account.accountId}/${name}`;
    const policy = {
      restart: {
        select: [{ cluster: 'batch', mode: 'on-failure' }],
        network: [{ cluster: 'batch', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
        crashLoop: { maxFailures: 1000, windowSeconds: 3600, scope },
      },
    };
    const child = await startFunctionChild(
      'restart-task',
      functionEnvironment(sim.endpoint, policy, {
        RESTART_QUEUE_URL: queue('restart-delay'),
        DEAD_LETTER_QUEUE_URL: queue('restart-dlq'),
      }),
    );
    const job = [...sim.account.tasks.values()].find((t) => t.lastStatus === 'RUNNING');
    if (job === undefined) throw new Error('no running job');
    sim.events.drain();
    sim.ecs.failTask(job.arn, { stopCode: 'EssentialContainerExited', exitCodes: { app: 1 } });
    const event = sim.events
      .drain()
      .find((e) => (e.detail as { lastStatus?: string }).lastStatus === 'STOPPED');
    sim.calls.clear();
    const invocation = await child.invoke(event, timeoutMs);
    if (!invocation.ok) throw new Error(`restart-task failed: ${invocation.error}`);
    const ecsCalls: Record<string, number> = {};
    for (const call of sim.calls.all.filter((c) => c.service === 'ecs')) {
      ecsCalls[call.action] = (ecsCalls[call.action] ?? 0) + 1;
    }
    return {
      scope,
      ecsCalls,
      durationMs: invocation.durationMs,
      maxRssKb: await child.close(),
      outcome: invocation.result,
    };
  } finally {
    await sim.close();
  }
}

/** Runs both scopes; throws only when the harness breaks. */
export async function measureRestartHistory(): Promise<{ section: Section }> {
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  for (const scope of ['family', 'group'] as const) {
    const measured = await measureOne(scope);
    const total = Object.values(measured.ecsCalls).reduce((sum, n) => sum + n, 0);
    const history = (measured.ecsCalls.ListTasks ?? 0) + (measured.ecsCalls.DescribeTasks ?? 0) - 1;
    const label = `scope ${scope}, ${STOPPED_TASKS.toLocaleString('en')} stopped tasks`;
    figures.push(
      {
        name: `${label}: history calls (ListTasks + DescribeTasks)`,
        value: history,
        target: { op: '<=', value: historyCalls },
        note: `all ECS calls of the event: ${JSON.stringify(measured.ecsCalls)} (${total})`,
      },
      {
        name: `${label}: handler duration`,
        value: round(measured.durationMs, 0),
        unit: 'ms',
        target: { op: '<=', value: timeoutMs },
        note: `ECS throttled at its real rates, ${ecsLatencyMs} ms per answer; the function's timeout`,
      },
      {
        name: `${label}: peak RSS`,
        value: round(measured.maxRssKb / 1024, 1),
        unit: 'MiB',
        digits: 1,
        target: { op: '<=', value: memoryMb },
        note: 'under the heap flags of a 128 MB function (stricter than its 192 MB)',
      },
    );
    details[scope] = measured;
  }
  return {
    section: {
      id: 'restart-history',
      title: '6b. Restart crash-loop history, bounded',
      method: [
        `One event per scope, each in a fresh container (built bundle, Lambda heap flags of a 128 MB function), in a cluster holding ${STOPPED_TASKS.toLocaleString('en')} STOPPED tasks of the last hour (1 % of them earlier restarts): scope family puts them all in the event's family, scope group spreads them over ${FAMILIES} families of one group.`,
        `Simulator with ECS's token buckets at their real rates and ${ecsLatencyMs} ms added to every ECS answer; the function's pacer at its real rates.`,
        'History calls: ListTasks and DescribeTasks from the simulator call log, minus the DescribeTasks of the stopped task itself. The cap is 1,000 stopped tasks (10 + 10 calls): beyond it the failure count is a lower bound and the decision says so in its warnings. Without it the same event would read all 100 pages and describe all 10,000 tasks (200 calls).',
        'Simulated tasks carry one container, so a DescribeTasks answer is smaller than a real one; the four describe lanes hold at most four raw answers at a time either way.',
      ],
      figures,
      details,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { section } = await measureRestartHistory();
  for (const figure of section.figures) {
    console.log(
      `${figure.name}: ${figure.value}${figure.unit ? ` ${figure.unit}` : ''} (${figure.note ?? ''})`,
    );
  }
}
