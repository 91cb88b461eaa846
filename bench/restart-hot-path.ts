/**
 * Figure 6, restart hot path: restart-task in one warm container handling streams of `ECS Task
 * State Change` events in which every event arrives twice. Per stream: latency from the handler
 * call to its RunTask request, RunTask calls against distinct failures, and, from a second
 * stream with latency injected on every ECS answer, how many ECS calls sit one after another
 * before RunTask.
 */
import { startSimulator } from '../simulator/index.ts';
import type { Figure, Section } from './report/figures.ts';
import { percentile, round } from './report/figures.ts';
import {
  type FunctionChildOptions,
  functionEnvironment,
  startFunctionChild,
} from './support/child-process.ts';
import {
  buildRestartAccount,
  failTasks,
  restartPolicy,
  runStream,
} from './support/restart-streams.ts';

const failuresPerStream = 25;
const warmUpFailures = 5;
/** Latency added to every ECS answer to count the sequential calls. */
const injectedMs = 40;

/** Each kind fails tasks of its own family, so one's STOPPED tasks never lengthen the other's history. */
type Kind = {
  id: string;
  family: string;
  label: string;
  stop: Record<string, unknown>;
  readmeClaim: number;
};

/** The claims of docs/restart.md (section "Hot path"), the targets of the sequential-call figures. */
const kinds: Kind[] = [
  {
    id: 'spot',
    family: 'job-spot',
    label: 'Spot interruption',
    stop: { stopCode: 'SpotInterruption' },
    readmeClaim: 2,
  },
  {
    id: 'app',
    family: 'job-app',
    label: 'app exit 1 (backoff 0)',
    stop: { stopCode: 'EssentialContainerExited', exitCodes: { app: 1 } },
    readmeClaim: 3,
  },
];

export type RestartOutcome = { section: Section; maxRssKb: number; workload: string };

/** Runs the measurement; throws only when the harness breaks. */
export async function measureRestartHotPath(
  childOptions: FunctionChildOptions = {},
): Promise<RestartOutcome> {
  const sim = await startSimulator({
    scenario: buildRestartAccount(
      kinds.map((kind) => kind.family),
      2 * failuresPerStream,
      warmUpFailures,
    ),
  });
  try {
    sim.ecs.startTasks();
    const queue = (name: string) => `${sim.endpoint}/${sim.account.accountId}/${name}`;
    const env = functionEnvironment(sim.endpoint, restartPolicy, {
      RESTART_QUEUE_URL: queue('restart-delay'),
      DEAD_LETTER_QUEUE_URL: queue('restart-dlq'),
      // Pacing never delays a lone restart; the benchmark sends events back to back.
      PACING_TIME_FACTOR: '1000',
    });
    const child = await startFunctionChild('restart-task', env, childOptions);
    const invoke = (event: unknown) => child.invoke(event, 30_000);
    // Warm-up: the first invocations load the policy, build clients and cache the revision.
    const spot = { stopCode: 'SpotInterruption' };
    await runStream(sim, invoke, failTasks(sim, 'job-warm-up', warmUpFailures, spot));
    const figures: Figure[] = [];
    const details: Record<string, unknown> = {};
    for (const kind of kinds) {
      const plain = await runStream(
        sim,
        invoke,
        failTasks(sim, kind.family, failuresPerStream, kind.stop),
      );
      sim.faults.add({ target: 'ecs:*', kind: 'latency', latencyMs: injectedMs });
      const slow = await runStream(
        sim,
        invoke,
        failTasks(sim, kind.family, failuresPerStream, kind.stop),
      );
      sim.faults.clear();
      const p50 = percentile(plain.runTaskMs, 50) ?? Number.NaN;
      const slowP50 = percentile(slow.runTaskMs, 50) ?? Number.NaN;
      const sequential = Math.round((slowP50 - p50) / injectedMs) + 1;
      figures.push(
        {
          name: `${kind.label}: sequential ECS calls per restart`,
          value: sequential,
          target: { op: '==', value: kind.readmeClaim },
          note: `RunTask included; p50 to RunTask ${round(p50, 1)} ms plain, ${round(slowP50, 1)} ms with ${injectedMs} ms added to every ECS answer; target: docs/restart.md "Hot path"`,
        },
        { name: `${kind.label}: event → RunTask p50`, value: round(p50, 1), unit: 'ms', digits: 1 },
        {
          name: `${kind.label}: event → RunTask p95`,
          value: round(percentile(plain.runTaskMs, 95) ?? Number.NaN, 1),
          unit: 'ms',
          digits: 1,
        },
        {
          name: `${kind.label}: handler p50 (duplicates included)`,
          value: round(percentile(plain.handlerMs, 50) ?? Number.NaN, 1),
          unit: 'ms',
          digits: 1,
        },
        {
          name: `${kind.label}: RunTask calls, ${4 * failuresPerStream} events of ${2 * failuresPerStream} failures`,
          value: plain.runTasks + slow.runTasks,
          target: { op: '==', value: 2 * failuresPerStream },
          note: `both streams of this kind; every event delivered twice`,
        },
        {
          name: `${kind.label}: ECS calls per failure (duplicates included)`,
          value: round(plain.ecsCalls / failuresPerStream, 2),
        },
      );
      details[kind.id] = { plain, slow };
    }
    const maxRssKb = await child.close();
    const events = 2 * (warmUpFailures + kinds.length * 2 * failuresPerStream);
    return {
      maxRssKb,
      workload: `${events} task-state-change events in one container (figure 6)`,
      section: {
        id: 'restart-hot-path',
        title: '6. Restart hot path',
        method: [
          `One warm container (built bundle, fresh process) after ${warmUpFailures} warm-up restarts; per kind, a stream of ${failuresPerStream} task failures whose events each arrive twice (the copy one event later), invoked back to back. Simulator without throttling; PACING_TIME_FACTOR 1000 so the pacer never waits.`,
          'Latency: from the handler call to the moment its RunTask request starts (node:diagnostics_channel http.client.request.start in the function’s process), first deliveries only; p50 and p95 nearest rank.',
          `Sequential ECS calls: a second stream of the same kind with ${injectedMs} ms added to every ECS answer (simulator latency fault); (p50 with − p50 without) / ${injectedMs} ms, rounded, plus RunTask itself.`,
          'RunTask calls counted from the simulator’s call log. Each kind fails tasks of its own family, so its crash-loop history (ListTasks of the family’s STOPPED tasks, 100 a page) stays on one page; a family with more than 100 STOPPED tasks in the last hour adds a sequential ListTasks call per extra page, up to the history cap of 10 pages (section 6b).',
        ],
        figures,
        details,
      },
    };
  } finally {
    await sim.close();
  }
}
