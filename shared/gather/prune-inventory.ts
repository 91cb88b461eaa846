import type { PruneConfig } from '../config/prune-section.ts';
import {
  type InactiveRevision,
  type ProbeInventory,
  type PruneInventory,
  planAgeProbes,
  planGraceProbes,
} from '../policies/prune/index.ts';
import { listInUseReferences } from './in-use-references.ts';
import { listRetainedRevisions } from './retained-revisions.ts';
import { scanRevisions } from './revision-scan.ts';
import {
  type AgeCutSearch,
  createRevisionDescriber,
  describeDeregistrations,
  findAgeCuts,
  type RevisionDescriber,
} from './revision-times.ts';

/** What the gather step needs besides the AWS account itself. */
export type PruneGatherOptions = {
  /** The effective `prune:` section (its `dryRun` already combined with the stage and payload). */
  config: PruneConfig;
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
 * Gathers everything {@link planPrune} needs: ACTIVE (and, for phase 2, INACTIVE) revisions
 * from ordered scans, every reference in use, retained revisions, and the age and grace cuts
 * found by probing a few revisions per family. The reads run concurrently under the pacer.
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
  const [active, inactive, inUse, retained] = await Promise.all([
    scanRevisions('ACTIVE', families),
    deleteEnabled ? scanRevisions('INACTIVE', families) : undefined,
    listInUseReferences(),
    listRetainedRevisions(),
  ]);
  const gaps = [...active.gaps, ...(inactive?.gaps ?? []), ...inUse.gaps, ...retained.gaps];
  const base: ProbeInventory = {
    activeRevisions: active.revisions,
    inactiveRevisions: inactive === undefined ? undefined : toEntries(inactive.revisions),
    inUse: inUse.refs,
    retained: retained.refs,
    complete: gaps.length === 0,
    gaps,
  };

  const describer = createRevisionDescriber();
  const enough = config.dryRun ? undefined : config.maxChangesPerRun;
  const [age, grace] = await Promise.all([
    findAgeCuts(planAgeProbes(base, config, now), describer, enough),
    deleteEnabled ? gatherGrace(base, config, { now, describer, enough }) : undefined,
  ]);
  return {
    inventory: {
      ...base,
      ageCuts: age.cuts,
      inactiveRevisions: grace?.inactiveRevisions ?? base.inactiveRevisions,
      inactiveGraceCuts: grace?.search.cuts,
    },
    probes: {
      age: { failed: age.failed, notProbed: age.notProbed },
      grace: grace && { failed: grace.search.failed, notProbed: grace.search.notProbed },
      describeCalls: describer.calls(),
    },
  };
}

/** Phase 2: grace cuts, then `deregisteredAt` of the revisions at or below them. */
async function gatherGrace(
  base: ProbeInventory,
  config: PruneConfig,
  tools: { now: Date; describer: RevisionDescriber; enough: number | undefined },
): Promise<{ inactiveRevisions: Map<string, InactiveRevision[]>; search: AgeCutSearch }> {
  const { now, describer, enough } = tools;
  const probes = planGraceProbes(base, config, now);
  const search = await findAgeCuts(probes, describer);
  await describeDeregistrations(probes, search.cuts, describer, { now: now.getTime(), enough });
  const inactiveRevisions = new Map<string, InactiveRevision[]>();
  for (const [family, entries] of base.inactiveRevisions ?? []) {
    const described: InactiveRevision[] = [];
    for (const { revision } of entries) {
      const times = describer.known(family, revision);
      // Already being deleted: sending it again would only come back as a failure.
      if (times?.status === 'DELETE_IN_PROGRESS') continue;
      const deregisteredAt = times?.deregisteredAt;
      described.push(deregisteredAt === undefined ? { revision } : { revision, deregisteredAt });
    }
    inactiveRevisions.set(family, described);
  }
  return { inactiveRevisions, search };
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
