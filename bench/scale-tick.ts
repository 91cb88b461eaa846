/**
 * Figure 5, scale tick: scale-services over 500 services with CPU and memory each, against the
 * simulator with ECS's throttle buckets at their real rates and the pacer at its real rates (no
 * time compression: the tick's wall time is what it is). Two ticks in one warm container: the
 * first after a cold start, the second warm after the control loop converged.
 */
import { startSimulator } from '../simulator/index.ts';
import type { Figure, Section } from './report/figures.ts';
import { round } from './report/figures.ts';
import { formatCalls, loadEvent } from './support/bench-events.ts';
import {
  type FunctionChildOptions,
  functionEnvironment,
  startFunctionChild,
} from './support/child-process.ts';
import {
  buildScaleAccount,
  defineScaleMetrics,
  scaleAccountShape,
  scalePolicy,
  seriesPerService,
} from './support/scale-account.ts';
import { type ScaleOutcome, summarizeScaleTick } from './support/scale-outcome.ts';

const tickGapMs = 10_000;

type TickReport = {
  totals: { selected: number; scaledOut: number; scaledIn: number; failed: number };
  services: { currentCount: number; desiredCount: number; reason: string }[];
  metricCalls: number;
  metricQueries: number;
};

export type ScaleTickOutcome = { section: Section; outcome: ScaleOutcome; maxRssKb: number };

/** Runs the measurement; throws only when the harness breaks. */
export async function measureScaleTick(
  childOptions: FunctionChildOptions = {},
): Promise<ScaleTickOutcome> {
  const sim = await startSimulator({
    scenario: buildScaleAccount(),
    throttling: { enabled: true, timeFactor: 1 },
  });
  try {
    sim.ecs.startTasks();
    defineScaleMetrics(sim);
    const env = functionEnvironment(sim.endpoint, scalePolicy);
    const child = await startFunctionChild('scale-services', env, childOptions);
    const ticks: { report: TickReport; outcome: ScaleOutcome }[] = [];
    for (let tick = 0; tick < 2; tick += 1) {
      const from = sim.calls.all.length;
      const simulatedFrom = sim.now();
      const run = await child.invoke(loadEvent('scheduled-event-scale.json'), 55_000);
      if (!run.ok) throw new Error(`scale tick ${tick + 1} failed: ${run.error}`);
      const report = run.result as TickReport;
      const outcome = summarizeScaleTick(sim.calls.all.slice(from), {
        servicesNotUpdated: report.totals.failed,
        simulatedMs: sim.now() - simulatedFrom,
        wallMs: run.durationMs,
      });
      ticks.push({ report, outcome });
      // The control loop converges: new tasks start, metrics keep their values.
      sim.reconcile();
      sim.ecs.startTasks();
      sim.reconcile();
      // Production ticks are a minute apart; this is long enough for the pacer's buckets (and
      // ECS's) to refill as they would: 25 UpdateService tokens at 2.5 a second.
      if (tick === 0) await new Promise((resolve) => setTimeout(resolve, tickGapMs));
    }
    const maxRssKb = await child.close();
    const figures = ticks.flatMap(({ report, outcome }, i): Figure[] => {
      const label = i === 0 ? 'tick 1 (first invocation)' : 'tick 2 (warm)';
      const changed = report.totals.scaledOut + report.totals.scaledIn + report.totals.failed;
      const series = report.totals.selected * seriesPerService;
      const taskReads = ['ListTasks', 'DescribeTasks', 'GetTaskProtection'].reduce(
        (sum, action) => sum + (outcome.byAction[action] ?? 0),
        0,
      );
      const planned = report.services.filter((s) => s.desiredCount !== s.currentCount).length;
      const held = report.services.filter((s) => s.reason === 'tasks-rebalanced').length;
      return [
        {
          name: `${label}: API calls`,
          value: outcome.apiCalls,
          note: formatCalls(outcome.byAction),
        },
        {
          name: `${label}: GetMetricData calls`,
          value: outcome.metricCalls,
          target: { op: '==', value: Math.ceil(series / 500) },
          note: `${series} metric series (${report.totals.selected} services × ${seriesPerService}) in ${report.metricQueries} queries; target ⌈${series} / 500⌉`,
        },
        {
          name: `${label}: task reads`,
          value: taskReads,
          target: { op: '<=', value: 3 * (planned + held) },
          note: `ListTasks, DescribeTasks (and GetTaskProtection for scale-ins) of the ${planned + held} services whose first decision changed their count (${held} then held by Kubernetes' task rules); target: at most 3 calls each for services of ≤ 100 tasks`,
        },
        {
          name: `${label}: UpdateService calls`,
          value: outcome.updateServiceCalls,
          target: { op: '==', value: changed },
          note: `target: the ${changed} services whose desired count changed`,
        },
        { name: `${label}: throttled answers`, value: outcome.throttled },
        { name: `${label}: wall time`, value: round(outcome.wallMs, 0), unit: 'ms' },
      ];
    });
    const first = ticks[0]?.outcome;
    if (!first) throw new Error('no tick ran');
    return {
      maxRssKb,
      outcome: first,
      section: {
        id: 'scale-tick',
        title: '5. Scale tick',
        method: [
          `${scaleAccountShape.services} services of ${scaleAccountShape.tasksPerService} tasks on two clusters, CPU and memory metrics each (every ${scaleAccountShape.loadedEvery}th service at 90 % CPU against a 50 % target, the rest at target); policy: one rule selecting all, CPU 50 % and memory 60 % targets.`,
          'Built bundle in a fresh process, two scheduled ticks in the same container 10 s apart (enough for the pacer’s buckets to refill, as they do between minute ticks); simulator throttling on at ECS’s real rates, pacer at its real rates (share 0.5), no time compression. Calls by operation from the simulator’s call log.',
          `GetMetricData target: ⌈metric series / 500⌉, the series being each service's ${seriesPerService} (two metrics and the read-back of its published recommendation), as GetMetricData retrieves at most 500 metrics a call.`,
          'Wall time: from handler call to return, measured in the function’s process; it includes the pacer spacing ECS reads within the function’s share of the read bucket.',
          'Task reads: the tick reads the tasks (ListTasks, DescribeTasks; GetTaskProtection for scale-ins) of the services whose first decision changes their count, to apply Kubernetes’ rules for starting, unready and silent tasks; no other service costs a task read. The policy reads no per-task metric (`perTask`), so GetMetricData stays at ⌈series / 500⌉.',
        ],
        figures,
        details: {
          ticks: ticks.map(({ report, outcome }) => ({
            totals: report.totals,
            metricQueries: report.metricQueries,
            outcome,
          })),
        },
      },
    };
  } finally {
    await sim.close();
  }
}
