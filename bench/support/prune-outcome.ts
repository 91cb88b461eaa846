/**
 * What a prune (ours or a baseline) did to the throttled account, in the same terms for both, so
 * the comparison table can put them side by side.
 */
import type { Simulator } from '../../simulator/index.ts';
import { overallRate } from './lane-rate.ts';
import { auditRevisions, type RevisionSnapshot } from './prune-account.ts';

export type PruneOutcome = {
  apiCalls: number;
  throttled: number;
  deregisterCalls: number;
  deregistered: number;
  deleted: number;
  /** Revisions the tool set out to remove but could not (errors after retries). */
  failedRevisions: number;
  /** Successful deregistrations per simulated second, first to last. */
  deregistrationsPerSecond: number | undefined;
  wronglyTouched: { arn: string; reason: string }[];
  duplicateDeregistrations: number;
  simulatedSeconds: number;
  wallSeconds: number;
  invocations: number;
};

/** Builds the outcome from the simulator's log and state after a run. */
export function summarizePruneOutcome(
  sim: Simulator,
  before: RevisionSnapshot,
  run: { failedRevisions: number; simulatedMs: number; wallMs: number; invocations: number },
): PruneOutcome {
  const audit = auditRevisions(sim, before);
  return {
    apiCalls: sim.calls.all.length,
    throttled: sim.calls.throttled(),
    deregisterCalls: sim.calls.count({ action: 'DeregisterTaskDefinition' }),
    deregistered: audit.deregistered,
    deleted: audit.deleted,
    failedRevisions: run.failedRevisions,
    deregistrationsPerSecond: overallRate(sim.calls.all, 'DeregisterTaskDefinition'),
    wronglyTouched: audit.wronglyTouched,
    duplicateDeregistrations: audit.duplicateDeregistrations,
    simulatedSeconds: run.simulatedMs / 1000,
    wallSeconds: run.wallMs / 1000,
    invocations: run.invocations,
  };
}
