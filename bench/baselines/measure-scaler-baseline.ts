/**
 * Runs the baseline scaler (scaler-script.ts) for one tick on a fresh copy of figure 5's account,
 * throttled at ECS's real rates on the real clock, exactly as figure 5's tick runs, and summarizes
 * it like ours: both durations are wall time measured by the process around its own work.
 */
import { join } from 'node:path';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { startSimulator } from '../../simulator/index.ts';
import { root, runScriptChild } from '../support/child-process.ts';
import { buildScaleAccount, defineScaleMetrics } from '../support/scale-account.ts';
import { type ScaleOutcome, summarizeScaleTick } from '../support/scale-outcome.ts';
import { seededRandomEnvironment } from '../support/seeded-random.ts';

type ScriptResult = {
  services: number;
  updated: number;
  failed: number;
  errors: Record<string, number>;
  durationMs: number;
};

export type ScalerBaselineOutcome = { outcome: ScaleOutcome; errors: Record<string, number> };

/** Runs the baseline; throws only when the harness breaks. */
export async function measureScalerBaseline(): Promise<ScalerBaselineOutcome> {
  const sim = await startSimulator({
    scenario: buildScaleAccount(),
    throttling: { enabled: true, timeFactor: 1 },
  });
  try {
    sim.ecs.startTasks();
    defineScaleMetrics(sim);
    const { result } = await runScriptChild<ScriptResult>(
      join(root, 'bench', 'baselines', 'scaler-script.ts'),
      { ...simulatorEnvironment(sim.endpoint), ...seededRandomEnvironment() },
    );
    const outcome = summarizeScaleTick(sim.calls.all, {
      servicesNotUpdated: result.failed,
      simulatedMs: result.durationMs,
      wallMs: result.durationMs,
    });
    return { outcome, errors: result.errors };
  } finally {
    await sim.close();
  }
}
