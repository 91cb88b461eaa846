import type { DynamicReference, InUseSource, InUseSourceSummary } from '../policy/index.ts';

/** What one in-use source found, and what it could not read. */
export type SourceScan = {
  source: InUseSource;
  /** Things read (services, tasks, event buses, schedules, definitions, tagged revisions). */
  scanned: number;
  /** Task-definition references: ARNs, `family:revision`, or a family for its latest revision. */
  refs: string[];
  /** One line per failed read, naming the source and the cause; any line blocks removals. */
  gaps: string[];
  /** References that cannot be read statically. */
  dynamic: DynamicReference[];
};

/** @returns a scan of `source` that found nothing yet. */
export function startScan(source: InUseSource): SourceScan {
  return { source, scanned: 0, refs: [], gaps: [], dynamic: [] };
}

/** @returns the scan's counts for the report. */
export function summarizeScan(scan: SourceScan): InUseSourceSummary {
  return {
    source: scan.source,
    scanned: scan.scanned,
    references: new Set(scan.refs).size + scan.dynamic.length,
    gaps: scan.gaps.length,
  };
}
