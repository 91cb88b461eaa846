import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CallStats } from '../aws/pacer.ts';
import type { PruneExecution, PruneFailure } from './act.ts';
import type { GatheredPruneInventory } from './inventory/gather-inventory.ts';
import {
  type InUseSourceSummary,
  type PrunePlan,
  type PrunePlanReason,
  type PruneSummary,
  type ResolvedDynamicReference,
  summarizePrunePlan,
} from './policy/index.ts';

/** The run's outcome as returned, logged and (bounded) published. */
export type PruneRunReport = {
  reason: PrunePlanReason;
  dryRun: boolean;
  /** Exact families a manual run was restricted to; undefined for the whole policy. */
  families: readonly string[] | undefined;
  /** Why removals were blocked (empty when the inventory was complete), each naming its source. */
  gaps: readonly string[];
  /** Every source of the in-use inventory: what it read, the references it gave, its gaps. */
  sources: readonly InUseSourceSummary[];
  /** `not-needed`: no revision was old enough to remove, so no in-use source was read. */
  inUseScan: 'read' | 'not-needed';
  /** Task definitions computed at run time (Step Functions, Scheduler), and how each was treated. */
  dynamicReferences: readonly ResolvedDynamicReference[];
  /** Why the guard refused the plan, when it did (reason `guard-refused`). */
  guardRefusal: string | undefined;
  skipped: PruneExecution['skipped'];
  stoppedByTimeBudget: boolean;
  stoppedByTransientError: boolean;
  /** Per family and total: kept by reason, deregistered, deleted, pending, remaining. */
  summary: PruneSummary;
  alreadyInactive: number;
  failures: readonly PruneFailure[];
  /** The first few revisions removed (`family:revision`); the counts above are complete. */
  samples: { deregistered: readonly string[]; deleted: readonly string[] };
  /** Every AWS call of the run by action (attempts, retries included), and their total. */
  apiCalls: Record<string, number>;
  totalApiCalls: number;
  throttles: number;
  /** Total calls per revision deregistered or deleted, inventory included (undefined if none). */
  apiCallsPerPrunedRevision: number | undefined;
  probes: { describeCalls: number; failedFamilies: number; familiesNotProbed: number };
};

/** Revisions listed by name in the report and audit event; beyond that only counts. */
export const sampleSize = 25;

/** The audit event's detail-type; one event per run. */
export const pruneAuditDetailType = 'Task Definitions Pruned';

/** What the report is built from. */
export type PruneReportInput = {
  plan: PrunePlan;
  execution: PruneExecution;
  /** The pacer's counts for this run only. */
  calls: CallStats;
  families: readonly string[] | undefined;
  probes: { describeCalls: number; failedFamilies: number; familiesNotProbed: number };
};

/**
 * Builds the run report: the plan summarised against what was actually done (a planned removal
 * that failed or was not reached counts as pending and remaining).
 *
 * @returns the report.
 */
export function buildPruneReport(input: PruneReportInput): PruneRunReport {
  const { plan, execution, calls } = input;
  const summary = summarizePrunePlan(plan, {
    deregistered: execution.deregistered,
    deleted: execution.deleted,
  });
  const totalApiCalls = sum(calls.calls);
  const pruned = summary.totals.deregistered + summary.totals.deleted;
  return {
    reason: plan.reason,
    dryRun: plan.dryRun,
    families: input.families,
    gaps: plan.gaps,
    sources: plan.sources,
    inUseScan: plan.inUseScan,
    dynamicReferences: plan.dynamicReferences,
    guardRefusal: plan.guardRefusal,
    skipped: execution.skipped,
    stoppedByTimeBudget: execution.stoppedByTimeBudget,
    stoppedByTransientError: execution.stoppedByTransientError,
    summary,
    alreadyInactive: execution.alreadyInactive,
    failures: execution.failures,
    samples: {
      deregistered: execution.deregistered.slice(0, sampleSize),
      deleted: execution.deleted.slice(0, sampleSize),
    },
    apiCalls: calls.calls,
    totalApiCalls,
    throttles: sum(calls.throttled),
    apiCallsPerPrunedRevision: pruned > 0 ? round(totalApiCalls / pruned) : undefined,
    probes: input.probes,
  };
}

/**
 * Emits the run's metrics: revisions removed, deregister and delete failures, throttles, and 1
 * when the inventory was partial or the guard refused the plan (the prune-failures alarm sums
 * the failures and those two: pruning is blocked or incomplete until someone looks).
 */
export function recordPruneMetrics(metrics: Metrics, report: PruneRunReport): void {
  const { totals } = report.summary;
  metrics.addMetric('RevisionsDeregistered', MetricUnit.Count, totals.deregistered);
  metrics.addMetric('RevisionsDeleted', MetricUnit.Count, totals.deleted);
  const failuresOf = (action: 'deregister' | 'delete') =>
    report.failures.filter((failure) => failure.action === action).length;
  metrics.addMetric('DeregisterFailures', MetricUnit.Count, failuresOf('deregister'));
  metrics.addMetric('DeleteFailures', MetricUnit.Count, failuresOf('delete'));
  metrics.addMetric('Throttles', MetricUnit.Count, report.throttles);
  const partial = report.reason === 'partial-inventory' ? 1 : 0;
  metrics.addMetric('PartialInventory', MetricUnit.Count, partial);
  const refused = report.reason === 'guard-refused' ? 1 : 0;
  metrics.addMetric('GuardRefused', MetricUnit.Count, refused);
}

/** The probing cost of a gathered inventory, as the report counts it (both phases together). */
export function summarizeProbes(
  probes: GatheredPruneInventory['probes'],
): PruneRunReport['probes'] {
  const { age, grace, describeCalls } = probes;
  return {
    describeCalls,
    failedFamilies: age.failed.length + (grace?.failed.length ?? 0),
    familiesNotProbed: age.notProbed + (grace?.notProbed ?? 0),
  };
}

/** Subtracts a snapshot of the pacer's counts, leaving this run's. */
export function diffCallStats(after: CallStats, before: CallStats): CallStats {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(a)
        .map(([name, count]): [string, number] => [name, count - (b[name] ?? 0)])
        .filter(([, count]) => count > 0),
    );
  return {
    calls: minus(after.calls, before.calls),
    throttled: minus(after.throttled, before.throttled),
    waitedMs: after.waitedMs - before.waitedMs,
  };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
