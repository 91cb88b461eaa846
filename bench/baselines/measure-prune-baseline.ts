/**
 * Runs the baseline prune script (prune-script.ts) on a fresh copy of the throttled prune account,
 * under the same time compression as figure 3, and summarizes it like ours. As ours is invoked
 * until a run finds nothing to prune, the script is run again, as a daily cron would, until a run
 * finds nothing left to deregister: throttled calls that failed in one run are tried in the next,
 * so the account ends in the state the script's rule leads to whatever the throttling did, and
 * "wrongly touched" is the same in every run of the benchmark. Durations are simulated seconds from
 * the first run's start to the last run's end, read by the script's own `Date` as ours are.
 */
import { join } from 'node:path';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { startSimulator } from '../../simulator/index.ts';
import { root, runScriptChild } from '../support/child-process.ts';
import { buildPruneAccount, snapshotRevisions } from '../support/prune-account.ts';
import { type PruneOutcome, summarizePruneOutcome } from '../support/prune-outcome.ts';
import { seededRandomEnvironment } from '../support/seeded-random.ts';
import { createWarpedClock, startTimeWarp, warpEnvironment } from '../support/time-warp.ts';

type ScriptResult = {
  families: number;
  /** Every revision it sent a DeregisterTaskDefinition for. */
  attempted: string[];
  deregistered: number;
  errors: Record<string, number>;
  /** Its own `Date` (simulated) when its work started and ended. */
  startedAt: number;
  endedAt: number;
};

/** Runs before the benchmark gives up on the script finishing (it needs 2 or 3). */
const maxRuns = 10;

export type PruneBaselineOutcome = {
  outcome: PruneOutcome;
  /** Protected revisions (in use, or a family's last ACTIVE) it tried to deregister. */
  protectedAttempted: number;
  errors: Record<string, number>;
  runs: { attempted: number; deregistered: number; simulatedSeconds: number }[];
};

/** Runs the baseline; throws only when the harness breaks. */
export async function measurePruneBaseline(factor: number): Promise<PruneBaselineOutcome> {
  const warp = startTimeWarp(factor);
  const sim = await startSimulator({
    scenario: buildPruneAccount(),
    clock: createWarpedClock(warp),
    throttling: { enabled: true, timeFactor: 1 },
  });
  try {
    const before = snapshotRevisions(sim);
    const wallStart = performance.now();
    const results: ScriptResult[] = [];
    do {
      const { result } = await runScriptChild<ScriptResult>(
        join(root, 'bench', 'baselines', 'prune-script.ts'),
        {
          ...simulatorEnvironment(sim.endpoint),
          KEEP_NEWEST: '10',
          ...warpEnvironment(warp, true),
          ...seededRandomEnvironment(results.length + 1),
        },
      );
      results.push(result);
    } while ((results.at(-1)?.attempted.length ?? 0) > 0 && results.length < maxRuns);
    const last = results.at(-1);
    if (last === undefined || last.attempted.length > 0) {
      throw new Error(
        `the baseline prune script still had revisions to remove after ${maxRuns} runs`,
      );
    }
    const first = results[0] ?? last;
    const outcome = summarizePruneOutcome(sim, before, {
      failedRevisions: results.reduce((n, r) => n + r.attempted.length - r.deregistered, 0),
      simulatedMs: last.endedAt - first.startedAt,
      wallMs: performance.now() - wallStart,
      invocations: results.length,
    });
    const attempted = new Set(results.flatMap((r) => r.attempted));
    const protectedAttempted = [...attempted].filter((arn) => before.protected.has(arn)).length;
    const errors: Record<string, number> = {};
    for (const r of results) {
      for (const [name, count] of Object.entries(r.errors))
        errors[name] = (errors[name] ?? 0) + count;
    }
    const runs = results.map((r) => ({
      attempted: r.attempted.length,
      deregistered: r.deregistered,
      simulatedSeconds: Math.round((r.endedAt - r.startedAt) / 1000),
    }));
    return { outcome, protectedAttempted, errors, runs };
  } finally {
    await sim.close();
  }
}
