import type {
  InUseSource,
  PrunePlan,
  PruneRevisionDecision,
  ResolvedDynamicReference,
} from '../../shared/prune/policy/index.ts';
import { formatTable } from '../table.ts';

/** Consecutive revisions of one family with the same status, action and reason. */
export type RevisionRun = Pick<PruneRevisionDecision, 'family' | 'status' | 'action' | 'reason'> & {
  first: number;
  last: number;
  count: number;
};

/**
 * Folds the plan's decisions (already ordered by family, status and revision) into runs, so an
 * account of thousands of revisions reads as a few lines per family while every revision
 * stays accounted for: `web 11-30 (18) ACTIVE deregister stale`.
 *
 * @returns the runs in plan order.
 */
export function groupRevisionRuns(decisions: readonly PruneRevisionDecision[]): RevisionRun[] {
  const runs: RevisionRun[] = [];
  for (const d of decisions) {
    const last = runs.at(-1);
    const same =
      last !== undefined &&
      last.family === d.family &&
      last.status === d.status &&
      last.action === d.action &&
      last.reason === d.reason;
    if (same) {
      last.last = d.revision;
      last.count += 1;
    } else {
      const { family, status, action, reason } = d;
      runs.push({ family, status, action, reason, first: d.revision, last: d.revision, count: 1 });
    }
  }
  return runs;
}

/** What the table's heading says about the run the plan previews. */
export type PrunePlanContext = { maxChangesPerRun: number };

/**
 * Renders a prune plan for a person: a headline, what the policy's dry run means, inventory
 * gaps, one table row per run of revisions with the same fate and reason, and the totals.
 *
 * @returns the lines to print on stdout.
 */
export function formatPrunePlan(plan: PrunePlan, context: PrunePlanContext): string[] {
  const { totals } = plan.summary;
  const lines = [
    `Prune plan: deregister ${plan.deregister.length}, delete ${plan.delete.length} (${plan.reason})`,
    plan.dryRun
      ? 'prune.dryRun is true: the deployed function only reports this plan and removes nothing.'
      : `prune.dryRun is false: the next run removes these (at most ${context.maxChangesPerRun} per run), unless the stage sets DRY_RUN.`,
  ];
  if (plan.guardRefusal !== undefined) {
    lines.push('', `The guard refuses this plan: ${plan.guardRefusal}. Nothing is removed.`);
  }
  if (plan.gaps.length > 0) {
    lines.push('', 'Inventory gaps (nothing is removed while any read failed):');
    lines.push(...plan.gaps.map((gap) => `  - ${gap}`));
  }
  lines.push(...formatSources(plan), ...formatDynamicReferences(plan.dynamicReferences));
  if (plan.decisions.length === 0) {
    lines.push('', 'No task-definition revisions found.');
    return lines;
  }
  const rows = groupRevisionRuns(plan.decisions).map((run) => [
    run.family,
    run.first === run.last ? String(run.first) : `${run.first}-${run.last}`,
    String(run.count),
    run.status,
    run.action,
    run.reason,
  ]);
  lines.push(
    '',
    ...formatTable(
      [
        { header: 'family' },
        { header: 'revisions', align: 'right' },
        { header: 'count', align: 'right' },
        { header: 'status' },
        { header: 'action' },
        { header: 'reason' },
      ],
      rows,
    ),
    '',
    `Totals: ${totals.families} families, ${plan.decisions.length} revisions: deregister ${plan.deregister.length}, delete ${plan.delete.length}, keep ${describeKept(totals.kept)}.`,
  );
  return lines;
}

/** What each source counts in `scanned`, for one and for several. */
const SCANNED_UNITS: Record<InUseSource, [string, string]> = {
  'ecs-services': ['service', 'services'],
  'ecs-tasks': ['running or pending task', 'running or pending tasks'],
  'pending-restarts': ['stopped task', 'stopped tasks'],
  'eventbridge-rules': ['event bus', 'event buses'],
  'scheduler-schedules': ['schedule', 'schedules'],
  'step-functions': ['state machine definition', 'state machine definitions'],
  'retain-tags': ['tagged revision', 'tagged revisions'],
};

function formatSources(plan: PrunePlan): string[] {
  if (plan.inUseScan === 'not-needed') {
    return ['', 'No revision is old enough to remove, so no source of revisions in use was read.'];
  }
  if (plan.sources.length === 0) return [];
  const rows = plan.sources.map((source) => [
    source.source,
    `${source.scanned} ${SCANNED_UNITS[source.source][source.scanned === 1 ? 0 : 1]}`,
    String(source.references),
    source.gaps === 0 ? 'read' : `${source.gaps} gap(s)`,
  ]);
  return [
    '',
    'Sources scanned for revisions in use:',
    ...formatTable(
      [
        { header: 'source' },
        { header: 'read' },
        { header: 'references', align: 'right' },
        { header: 'status' },
      ],
      rows,
    ),
  ];
}

const RESOLUTION_TEXT: Record<ResolvedDynamicReference['resolution'], string> = {
  'families-kept': 'keeps every revision of',
  acknowledged: 'acknowledged in prune.dynamicReferences (keeps nothing more)',
  blocking: 'BLOCKS every removal until listed in prune.dynamicReferences',
};

function formatDynamicReferences(references: readonly ResolvedDynamicReference[]): string[] {
  if (references.length === 0) return [];
  return [
    '',
    'Task definitions computed at run time:',
    ...references.map((reference) => {
      const owner =
        reference.source === 'step-functions'
          ? `state machine ${reference.name}${reference.version === undefined ? '' : ` version ${reference.version}`}, state "${reference.location}"`
          : `schedule ${reference.name}`;
      const kept =
        reference.resolution === 'families-kept' ? ` ${reference.keptFamilies.join(', ')}` : '';
      return `  - ${owner}: ${reference.expression} ${RESOLUTION_TEXT[reference.resolution]}${kept}`;
    }),
  ];
}

function describeKept(kept: Readonly<Partial<Record<string, number>>>): string {
  const entries = Object.entries(kept).filter((entry): entry is [string, number] => !!entry[1]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return '0';
  const parts = entries.sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${count} ${reason}`);
  return `${total} (${parts.join(', ')})`;
}
