/**
 * Figure 3, prune throughput under ECS throttling: the simulator's ECS buckets on (deregister
 * burst 20 at 1/s, delete burst 5 at 1/s), compressed in time by a factor shared with the
 * function's pacer (PACING_TIME_FACTOR), and prune-task-definitions invoked in one warm container
 * with the product's defaults (change cap 500, pacing share 0.5, 900 s budget) until a run finds
 * nothing to prune.
 */

import { startSimulator } from '../simulator/index.ts';
import type { Section } from './report/figures.ts';
import { percentile, round } from './report/figures.ts';
import { loadEvent } from './support/bench-events.ts';
import { functionEnvironment, startFunctionChild } from './support/child-process.ts';
import type { ChildInvocation } from './support/function-child.ts';
import { laneRate } from './support/lane-rate.ts';
import { buildPruneAccount, snapshotRevisions } from './support/prune-account.ts';
import { type PruneOutcome, summarizePruneOutcome } from './support/prune-outcome.ts';
import { createWarpedClock, startTimeWarp, warpEnvironment } from './support/time-warp.ts';

/** The product's default pacing share of prune (shared/config/prune-section.ts). */
const pacingShare = 0.5;
/** ECS's sustained rates: DeregisterTaskDefinition and DeleteTaskDefinitions, 1 a second each. */
const allowedPerSecond = 1;
const maxInvocations = 80;
const removalActions = new Set(['DeregisterTaskDefinition', 'DeleteTaskDefinitions']);
const lambdaBudgetMs = 900_000;

type PruneReport = {
  reason: string;
  stoppedByTimeBudget: boolean;
  failures: unknown[];
  summary: { totals: { deregistered: number; deleted: number } };
};

export type PruneThroughputOutcome = { section: Section; outcome: PruneOutcome; maxRssKb: number };

/** Runs the measurement; throws only when the harness breaks. */
export async function measurePruneThroughput(factor: number): Promise<PruneThroughputOutcome> {
  const warp = startTimeWarp(factor);
  const sim = await startSimulator({
    scenario: buildPruneAccount(),
    clock: createWarpedClock(warp),
    throttling: { enabled: true, timeFactor: 1 },
  });
  try {
    const before = snapshotRevisions(sim);
    const policy = {
      prune: { dryRun: false, pacingShare, deleteInactive: { enabled: true, graceDays: 30 } },
    };
    const env = functionEnvironment(sim.endpoint, policy, {
      PACING_TIME_FACTOR: String(factor),
      ...warpEnvironment(warp, false),
    });
    const child = await startFunctionChild('prune-task-definitions', env);
    const wallStart = performance.now();
    const runs: ChildInvocation[] = [];
    for (let i = 0; i < maxInvocations; i += 1) {
      const run = await child.invoke(loadEvent('scheduled-event-prune.json'), lambdaBudgetMs);
      runs.push(run);
      if (!run.ok) throw new Error(`prune run ${i + 1} failed: ${run.error}`);
      if ((run.result as PruneReport).reason === 'nothing-to-prune') break;
    }
    const wallMs = performance.now() - wallStart;
    const maxRssKb = await child.close();
    const reports = runs.map((run) => run.result as PruneReport);
    const removing = reports.filter(
      (r) => r.summary.totals.deregistered + r.summary.totals.deleted > 0,
    ).length;
    const first = runs[0];
    const last = runs.at(-1);
    const outcome = summarizePruneOutcome(sim, before, {
      failedRevisions: reports.reduce((n, r) => n + r.failures.length, 0),
      simulatedMs: first && last ? last.endedAt - first.startedAt : 0,
      wallMs,
      invocations: runs.length,
    });
    const deregister = laneRate(sim.calls.all, 'DeregisterTaskDefinition', runs);
    const deletes = laneRate(sim.calls.all, 'DeleteTaskDefinitions', runs);
    const share = (rate: number | undefined) =>
      rate === undefined ? undefined : round(rate / (allowedPerSecond * pacingShare));
    // Simulated seconds from a run's start to its first removal: the inventory, in compressed time.
    const inventorySeconds = runs.flatMap((run) => {
      const firstAct = sim.calls.all.find(
        (c) => c.at >= run.startedAt && c.at <= run.endedAt && removalActions.has(c.action),
      );
      return firstAct ? [(firstAct.at - run.startedAt) / 1000] : [];
    });
    const throttledShare = outcome.apiCalls > 0 ? (outcome.throttled / outcome.apiCalls) * 100 : 0;
    const removed = outcome.deregistered + outcome.deleted;
    return {
      maxRssKb,
      outcome,
      section: {
        id: 'prune-throughput',
        title: '3. Prune throughput under ECS throttling',
        method: [
          `Same 12,000-revision account as figure 4 (10,000 to remove: deregister 7,995, delete 2,000). Simulator ECS buckets at ECS's rates on a simulated clock running ${factor}× the wall clock; the function's pacer gets PACING_TIME_FACTOR=${factor} and its process a \`Date\` on the same simulated clock, so its 900 s budget, 5 s safety margin and 1 s call allowance are simulated seconds too.`,
          `Product defaults: pacing share ${pacingShare}, maxChangesPerRun 500, deleteInactive after 30 days; invocations back to back in one warm container until a run reports nothing-to-prune.`,
          'Lane rate: successful calls per simulated second from a lane’s first to its last call within each invocation (Σ(n−1)/Σ span), divided by the allowed 1/s × share. Throttling errors are the simulator’s ThrottlingException answers over all answers.',
          `Caveat: the inventory's real CPU time is compressed too, so each run's inventory phase looks ${factor}× longer in simulated seconds than the same work would take; this inflates the invocation count, not the lane rates.`,
        ],
        figures: [
          {
            name: 'revisions removed',
            value: removed,
            note: `${outcome.deregistered} deregistered, ${outcome.deleted} deleted`,
          },
          {
            name: 'deregistrations per allowed second / share',
            value: share(deregister.ratePerSecond),
            digits: 2,
            target: { op: '>=', value: 0.9 },
            note: `${round(deregister.ratePerSecond ?? 0, 3)}/s achieved vs ${allowedPerSecond * pacingShare}/s share`,
          },
          {
            name: 'delete calls per allowed second / share',
            value: share(deletes.ratePerSecond),
            digits: 2,
            target: { op: '>=', value: 0.9 },
            note: `${deletes.calls} calls, ${round(deletes.ratePerSecond ?? 0, 3)}/s achieved vs ${allowedPerSecond * pacingShare}/s share`,
          },
          {
            name: 'throttling errors',
            value: round(throttledShare, 2),
            unit: '% of calls',
            target: { op: '<=', value: 1 },
            note: `${outcome.throttled} of ${outcome.apiCalls}`,
          },
          {
            name: `invocations to remove ${removed} revisions`,
            value: removing,
            note: `plus 1 that found nothing left; ${reports.filter((r) => r.stoppedByTimeBudget).length} stopped at the time budget, the others at the change cap`,
          },
          {
            name: 'duplicate deregistrations',
            value: outcome.duplicateDeregistrations,
            target: { op: '==', value: 0 },
          },
          {
            name: 'revisions wrongly touched',
            value: outcome.wronglyTouched.length,
            target: { op: '==', value: 0 },
          },
          {
            name: 'API calls per removed revision',
            value: round(outcome.apiCalls / removed, 3),
            digits: 3,
          },
          {
            name: 'inventory phase per run (median)',
            value: round(percentile(inventorySeconds, 50) ?? 0, 0),
            unit: 'simulated s',
          },
          { name: 'wall time', value: round(wallMs / 1000, 1), unit: 's', digits: 1 },
        ],
        details: {
          factor,
          deregisterLane: deregister,
          deleteLane: deletes,
          outcome,
          runs: runs.map((run, i) => ({
            deregistered: reports[i]?.summary.totals.deregistered,
            deleted: reports[i]?.summary.totals.deleted,
            stoppedByTimeBudget: reports[i]?.stoppedByTimeBudget,
            simulatedSeconds: round((run.endedAt - run.startedAt) / 1000, 1),
            wallMs: round(run.durationMs, 0),
          })),
        },
      },
    };
  } finally {
    await sim.close();
  }
}
