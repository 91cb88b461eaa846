/**
 * Runs the baseline prune script (prune-script.ts) on a fresh copy of the throttled prune account,
 * under the same time compression as figure 3, and summarizes it like ours.
 */
import { join } from 'node:path';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { startSimulator } from '../../simulator/index.ts';
import { root, runScriptChild } from '../support/child-process.ts';
import { buildPruneAccount, snapshotRevisions } from '../support/prune-account.ts';
import { type PruneOutcome, summarizePruneOutcome } from '../support/prune-outcome.ts';
import {
  createWarpedClock,
  startTimeWarp,
  warpEnvironment,
  warpedTime,
} from '../support/time-warp.ts';

type ScriptResult = {
  families: number;
  /** Every revision it sent a DeregisterTaskDefinition for. */
  attempted: string[];
  deregistered: number;
  errors: Record<string, number>;
};

export type PruneBaselineOutcome = {
  outcome: PruneOutcome;
  /** Protected revisions (in use, or a family's last ACTIVE) it tried to deregister. */
  protectedAttempted: number;
  errors: Record<string, number>;
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
    const started = { wall: performance.now(), simulated: warpedTime(warp) };
    const { result } = await runScriptChild<ScriptResult>(
      join(root, 'bench', 'baselines', 'prune-script.ts'),
      { ...simulatorEnvironment(sim.endpoint), KEEP_NEWEST: '10', ...warpEnvironment(warp, true) },
    );
    const outcome = summarizePruneOutcome(sim, before, {
      failedRevisions: result.attempted.length - result.deregistered,
      simulatedMs: warpedTime(warp) - started.simulated,
      wallMs: performance.now() - started.wall,
      invocations: 1,
    });
    const protectedAttempted = result.attempted.filter((arn) => before.protected.has(arn)).length;
    return { outcome, protectedAttempted, errors: result.errors };
  } finally {
    await sim.close();
  }
}
