import type { PruneConfig } from '../../config/prune-section.ts';
import { restartWindowMs } from '../../config/restart-markers.ts';
import type { RestartConfig } from '../../config/restart-section.ts';
import {
  type InactiveRevision,
  type ProbeInventory,
  type PruneInventory,
  planAgeProbes,
} from '../policy/index.ts';
import { listInUseReferences } from './in-use-references.ts';
import { gatherInactiveRevisions } from './inactive-revisions.ts';
import { listRetainedRevisions } from './retained-revisions.ts';
import { scanRevisions } from './revision-scan.ts';
import {
  type AgeCutSearch,
  createRevisionDescriber,
  findAgeCuts,
  registrationCutSearch,
} from './revision-times.ts';
import { summarizeScan } from './source-scan.ts';

/** What the gather step needs besides the AWS account itself. */
export type PruneGatherOptions = {
  /** The effective `prune:` section (its `dryRun` already combined with the stage and payload). */
  config: PruneConfig;
  /** The `restart:` section: which stopped tasks a restart may still run again, and for how long. */
  restart: Pick<RestartConfig, 'select' | 'backoff' | 'runTaskRetry'>;
  now: Date;
  /** Exact family names a manual run is restricted to; every family when undefined. */
  families?: readonly string[];
};

/** The planner's input, and what the probing cost, for the report. */
export type GatheredPruneInventory = {
  inventory: PruneInventory;
  probes: {
    age: Omit<AgeCutSearch, 'cuts'>;
    grace: Omit<AgeCutSearch, 'cuts'> | undefined;
    /** DescribeTaskDefinition calls: one per probed revision, never one per revision listed. */
    describeCalls: number;
  };
};

/**
 * Gathers everything {@link planPrune} needs: ACTIVE and INACTIVE revisions from ordered scans
 * (INACTIVE ones even when phase 2 is off, so the report counts what remains INACTIVE), every
 * reference in use from every source, retained revisions, and the age and grace cuts found by
 * probing a few revisions per family. The inventory reads run concurrently under the
 * pacer; the age probes run before phase 2 so that deletions describe only their share of the cap.
 *
 * Any failed inventory read makes the result incomplete with a gap line, so the plan removes
 * nothing. Probing stops early, outside dry runs, once the change cap's worth of removable
 * revisions is known; the families left unprobed are kept as `age-unknown` this run.
 *
 * @returns the inventory and probe statistics; never throws for a failed AWS read.
 */
export async function gatherPruneInventory(
  options: PruneGatherOptions,
): Promise<GatheredPruneInventory> {
  const { config, now } = options;
  const families = options.families === undefined ? undefined : new Set(options.families);
  const deleteEnabled = config.deleteInactive.enabled;
  const pending = {
    now,
    restart: options.restart,
    windowMs: restartWindowMs(options.restart),
  };
  const [active, inactive, inUse, retained] = await Promise.all([
    scanRevisions('ACTIVE', families),
    scanRevisions('INACTIVE', families),
    listInUseReferences(pending),
    listRetainedRevisions(),
  ]);
  const scans = [...inUse, retained];
  const gaps = [...active.gaps, ...inactive.gaps, ...scans.flatMap((scan) => scan.gaps)];
  const base: ProbeInventory = {
    activeRevisions: active.revisions,
    inactiveRevisions: toEntries(inactive.revisions),
    inUse: inUse.flatMap((scan) => scan.refs),
    retained: retained.refs,
    complete: gaps.length === 0,
    gaps,
    sources: scans.map(summarizeScan),
    dynamicReferences: inUse.flatMap((scan) => scan.dynamic),
  };

  const describer = createRevisionDescriber();
  const enough = config.dryRun ? undefined : config.maxChangesPerRun;
  const age = await findAgeCuts(planAgeProbes(base, config, now.getTime()), describer, {
    search: registrationCutSearch,
    enough,
  });
  // Deletions get at least half the cap, and what deregistrations leave of it (splitChangeCap).
  const deletions =
    enough === undefined ? undefined : enough - Math.min(age.removable, Math.ceil(enough / 2));
  const grace = deleteEnabled
    ? await gatherInactiveRevisions(base, config, { now, describer, enough: deletions })
    : undefined;
  return {
    inventory: {
      ...base,
      ageCuts: age.cuts,
      inactiveRevisions: grace?.inactiveRevisions ?? base.inactiveRevisions,
      inactiveGraceCuts: grace?.search.cuts,
    },
    probes: {
      age: { failed: age.failed, notProbed: age.notProbed, removable: age.removable },
      grace: grace && {
        failed: grace.search.failed,
        notProbed: grace.search.notProbed,
        removable: grace.search.removable,
      },
      describeCalls: describer.calls(),
    },
  };
}

function toEntries(revisions: ReadonlyMap<string, number[]>): Map<string, InactiveRevision[]> {
  const entries = new Map<string, InactiveRevision[]>();
  for (const [family, numbers] of revisions) {
    entries.set(
      family,
      numbers.map((revision) => ({ revision })),
    );
  }
  return entries;
}
