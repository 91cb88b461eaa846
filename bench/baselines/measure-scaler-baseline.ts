/**
 * Runs the baseline scaler (scaler-script.ts) for one tick on a fresh copy of the scale account,
 * throttled at ECS's rates on a clock compressed `factor` times (its retry backoffs included, so a
 * throttled tick does not take minutes of wall time), and summarizes it like ours.
 */
import { join } from 'node:path';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { startSimulator } from '../../simulator/index.ts';
import { root, runScriptChild } from '../support/child-process.ts';
import { buildScaleAccount, defineScaleMetrics } from '../support/scale-account.ts';
import { type ScaleOutcome, summarizeScaleTick } from '../support/scale-outcome.ts';
import {
  createWarpedClock,
  startTimeWarp,
  warpEnvironment,
  warpedTime,
} from '../support/time-warp.ts';

type ScriptResult = { updated: number; failed: number; errors: Record<string, number> };

export type ScalerBaselineOutcome = { outcome: ScaleOutcome; errors: Record<string, number> };

/** Runs the baseline; throws only when the harness breaks. */
export async function measureScalerBaseline(factor: number): Promise<ScalerBaselineOutcome> {
  const warp = startTimeWarp(factor);
  const sim = await startSimulator({
    scenario: buildScaleAccount(),
    clock: createWarpedClock(warp),
    throttling: { enabled: true, timeFactor: 1 },
  });
  try {
    sim.ecs.startTasks();
    defineScaleMetrics(sim);
    const started = { wall: performance.now(), simulated: warpedTime(warp) };
    const { result } = await runScriptChild<ScriptResult>(
      join(root, 'bench', 'baselines', 'scaler-script.ts'),
      { ...simulatorEnvironment(sim.endpoint), ...warpEnvironment(warp, true) },
    );
    const outcome = summarizeScaleTick(sim.calls.all, {
      servicesNotUpdated: result.failed,
      simulatedMs: warpedTime(warp) - started.simulated,
      wallMs: performance.now() - started.wall,
    });
    return { outcome, errors: result.errors };
  } finally {
    await sim.close();
  }
}
