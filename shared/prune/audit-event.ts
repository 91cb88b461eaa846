import type { AuditEvent } from '../aws/eventbridge-audit-events.ts';
import { type PruneRunReport, pruneAuditDetailType, sampleSize } from './report.ts';

/** Stay well under PutEvents' 256 KB entry limit, leaving room for the envelope. */
const maxDetailBytes = 200 * 1024;

/**
 * Builds the run's one `Task Definitions Pruned` audit event: totals, per-family counts and
 * bounded samples of what was removed and what failed. Families with changes come first, and
 * the family list is shortened (and the omission counted) until the detail fits.
 *
 * @returns the audit event, its detail under 200 KB.
 */
export function buildPruneAuditEvent(report: PruneRunReport): AuditEvent {
  const families = [...report.summary.families].sort(
    (a, b) => changesOf(b) - changesOf(a) || a.family.localeCompare(b.family),
  );
  const base = {
    reason: report.reason,
    dryRun: report.dryRun,
    restrictedTo: report.families,
    gaps: report.gaps.slice(0, sampleSize),
    sources: report.sources,
    inUseScan: report.inUseScan,
    dynamicReferences: report.dynamicReferences.slice(0, sampleSize),
    guardRefusal: report.guardRefusal,
    stoppedByTimeBudget: report.stoppedByTimeBudget,
    stoppedByTransientError: report.stoppedByTransientError,
    totals: report.summary.totals,
    failures: report.failures.slice(0, sampleSize),
    failureCount: report.failures.length,
    samples: report.samples,
    apiCalls: report.totalApiCalls,
    throttles: report.throttles,
  };
  let keep = families.length;
  for (;;) {
    const detail = {
      ...base,
      families: families.slice(0, keep),
      familiesOmitted: families.length - keep,
    };
    if (keep === 0 || Buffer.byteLength(JSON.stringify(detail)) <= maxDetailBytes) {
      return { detailType: pruneAuditDetailType, detail };
    }
    keep = Math.floor(keep / 2);
  }
}

function changesOf(counts: { deregistered: number; deleted: number; pending: number }): number {
  return counts.deregistered + counts.deleted + counts.pending;
}
