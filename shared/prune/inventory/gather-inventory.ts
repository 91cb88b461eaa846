import type { PruneConfig } from '../../config/prune-section.ts';
import { restartWindowMs } from '../../config/restart-markers.ts';
import type { RestartConfig } from '../../config/restart-section.ts';
import {
  type InactiveRevision,
  type ProbeInventory,
  type PruneInventory,
  planAgeProbes,
  planPrune,
} from '../policy/index.ts';
import { gatherInactiveRevisions } from './inactive-revisions.ts';
import { scanRevisions } from './revision-scan.ts';
import {
  type AgeCutSearch,
  createRevisionDescriber,
  findAgeCuts,
  type RevisionDescriber,
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
 * Gathers everything {@link planPrune} needs, in two steps:
 * 1. ACTIVE and INACTIVE revisions from ordered scans (INACTIVE ones even when phase 2 is off, so
 *    the report counts what remains INACTIVE), then the age and grace cuts found by probing a
 *    few revisions per family (descriptions are remembered across warm runs: they never change).
 * 2. Only when some revision is old enough to be removed: every reference in use from every
 *    source, and the retained revisions. In the steady state, when every family is within its
 *    newest-N and minimum age, a run costs its listing and no in-use read at all.
 *
 * The probes ignore references (they are not read yet), so a family's candidates may include
 * revisions in use: the cut is a fact of registration times, and the plan keeps what is in use
 * before it looks at ages. Any failed inventory read makes the result incomplete with a gap
 * line, so the plan removes nothing. Probing stops early, outside dry runs, once the change cap's
 * worth of removable revisions is known; once the references are read, the families left are
 * probed with what the cap still has room for (see probeFamiliesLeft), and any still left are
 * kept as `age-unknown` until a later run.
 *
 * @returns the inventory and probe statistics; never throws for a failed AWS read.
 */
export async function gatherPruneInventory(
  options: PruneGatherOptions,
): Promise<GatheredPruneInventory> {
  const { config, now } = options;
  const families = options.families === undefined ? undefined : new Set(options.families);
  const [active, inactive] = await Promise.all([
    scanRevisions('ACTIVE', families),
    scanRevisions('INACTIVE', families),
  ]);
  const listing: ProbeInventory = {
    activeRevisions: active.revisions,
    inactiveRevisions: toEntries(inactive.revisions),
    inUse: [],
    retained: [],
    complete: active.gaps.length + inactive.gaps.length === 0,
    gaps: [...active.gaps, ...inactive.gaps],
  };
  const describer = createRevisionDescriber();
  const { age, grace } = await probeCuts(listing, config, now, describer);
  const cuts = {
    ageCuts: age.cuts,
    inactiveRevisions: grace?.inactiveRevisions ?? listing.inactiveRevisions,
    inactiveGraceCuts: grace?.search.cuts,
  };
  const report = (ages: AgeCutSearch) => ({
    age: { failed: ages.failed, notProbed: ages.notProbed, removable: ages.removable },
    grace: grace && {
      failed: grace.search.failed,
      notProbed: grace.search.notProbed,
      removable: grace.search.removable,
    },
    describeCalls: describer.calls(),
  });
  // References only ever keep more, so when the plan without any removes nothing, reading them
  // cannot change it: the in-use sources and retain tags are not read. (A family with no minimum
  // age has no probe and may still remove: the plan, not the probe count, says.) An incomplete
  // listing removes nothing either, but is not a steady state: its sources are read and reported.
  const withoutReferences = { ...listing, ...cuts };
  const blind = planPrune(withoutReferences, config, now.getTime());
  if (listing.complete && blind.deregister.length + blind.delete.length === 0) {
    return {
      inventory: { ...withoutReferences, inUseScan: 'not-needed' },
      probes: report(age),
    };
  }
  // Loaded on demand: the in-use readers carry the Scheduler, Step Functions and EventBridge
  // clients, which a steady-state run (nothing old enough) never needs at its cold start.
  const { listInUseReferences, listRetainedRevisions } = await import('./in-use-scan.ts');
  const [inUse, retained] = await Promise.all([
    listInUseReferences({
      now,
      restart: options.restart,
      windowMs: restartWindowMs(options.restart),
    }),
    listRetainedRevisions(),
  ]);
  const scans = [...inUse, retained];
  const gaps = [...listing.gaps, ...scans.flatMap((scan) => scan.gaps)];
  const inventory: PruneInventory = {
    ...listing,
    ...cuts,
    inUse: inUse.flatMap((scan) => scan.refs),
    retained: retained.refs,
    complete: gaps.length === 0,
    gaps,
    sources: scans.map(summarizeScan),
    dynamicReferences: inUse.flatMap((scan) => scan.dynamic),
    inUseScan: 'read',
  };
  const ages = await probeFamiliesLeft(inventory, age, config, now, describer);
  return { inventory: { ...inventory, ageCuts: ages.cuts }, probes: report(ages) };
}

/**
 * The first age probes ran before the references were read, so they counted revisions in use or
 * retained as removable and may have stopped at the change cap with families left unprobed. Were
 * those the same in-use revisions every run, the families after them (always probed in the same
 * order) would never be probed. So once the references are known, the plan's real removals are
 * counted, and the families left are probed with the room the cap still has.
 *
 * @returns the age search with the new families' cuts added.
 */
async function probeFamiliesLeft(
  inventory: PruneInventory,
  age: AgeCutSearch,
  config: PruneConfig,
  now: Date,
  describer: RevisionDescriber,
): Promise<AgeCutSearch> {
  if (age.notProbed === 0 || !inventory.complete) return age;
  const planned = planPrune(inventory, config, now.getTime());
  const room = config.maxChangesPerRun - planned.deregister.length - planned.delete.length;
  if (room <= 0) return age;
  const probed = new Set([...age.cuts.keys(), ...age.failed]);
  const left = planAgeProbes(inventory, config, now.getTime()).filter(
    (probe) => !probed.has(probe.family),
  );
  const more = await findAgeCuts(left, describer, {
    search: registrationCutSearch,
    listed: 'ACTIVE',
    enough: room,
  });
  return {
    cuts: new Map([...age.cuts, ...more.cuts]),
    failed: [...age.failed, ...more.failed],
    notProbed: more.notProbed,
    removable: age.removable + more.removable,
  };
}

/** The age cuts (phase 1) and, when deletion is on, the grace cuts (phase 2) of a listing. */
async function probeCuts(
  listing: ProbeInventory,
  config: PruneConfig,
  now: Date,
  describer: RevisionDescriber,
) {
  const enough = config.dryRun ? undefined : config.maxChangesPerRun;
  const age = await findAgeCuts(planAgeProbes(listing, config, now.getTime()), describer, {
    search: registrationCutSearch,
    listed: 'ACTIVE',
    enough,
  });
  // Deletions get at least half the cap, and what deregistrations leave of it (splitChangeCap).
  const deletions =
    enough === undefined ? undefined : enough - Math.min(age.removable, Math.ceil(enough / 2));
  const grace = config.deleteInactive.enabled
    ? await gatherInactiveRevisions(listing, config, { now, describer, enough: deletions })
    : undefined;
  return { age, grace };
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
