import type { PruneConfig } from '../../config/prune-section.ts';
import { runConcurrently } from '../../runtime/run-concurrently.ts';
import {
  type AgeProbe,
  DEREGISTRATION_WINDOW_MS,
  findGraceCut,
  type InactiveRevision,
  interleaveByRank,
  type ProbeInventory,
  planGraceProbes,
} from '../policy/index.ts';
import {
  type AgeCutSearch,
  type AgeTest,
  findAgeCuts,
  probeConcurrency,
  type RevisionDescriber,
} from './revision-times.ts';

/** Phase 2's part of the inventory. */
export type InactiveInventory = {
  inactiveRevisions: Map<string, InactiveRevision[]>;
  search: AgeCutSearch;
};

/**
 * Establishes which INACTIVE revisions may be deleted without describing every one of them.
 *
 * Per family, {@link findGraceCut} probes {@link planGraceProbes}' candidates oldest first: it
 * costs one probe per family when the oldest candidate was registered within the grace period,
 * two in the steady state where revisions were deregistered in order and are all still within
 * it, and passes over a revision deregistered late out of order (or without a deregistration
 * time) instead of letting it hold back the family. Then every candidate at or below the cut is
 * described (once; most are probes already) so that each deletion is decided on its own
 * `deregisteredAt`, and revisions already DELETE_IN_PROGRESS are dropped.
 *
 * @param tools.enough stop describing once this many deletable revisions are known.
 * @returns INACTIVE revisions per family with the times found, and the grace cuts.
 */
export async function gatherInactiveRevisions(
  base: ProbeInventory,
  config: PruneConfig,
  tools: { now: Date; describer: RevisionDescriber; enough: number | undefined },
): Promise<InactiveInventory> {
  const { describer, enough } = tools;
  const now = tools.now.getTime();
  const probes = planGraceProbes(base, config, now);
  const isDeletable: AgeTest = (times, probe) =>
    times.registeredAt !== undefined &&
    times.registeredAt <= probe.registeredBefore &&
    times.deregisteredAt !== undefined &&
    times.deregisteredAt <= Math.min(probe.registeredBefore, now - DEREGISTRATION_WINDOW_MS);
  const search = await findAgeCuts(probes, describer, {
    listed: 'INACTIVE',
    search: (probe, describe) =>
      findGraceCut(probe.candidates, async (revision) => {
        const times = await describe(revision);
        return {
          // Unknown registration time: treated as young, so the search stops (never deletes).
          registeredBeforeCut:
            times.registeredAt !== undefined && times.registeredAt <= probe.registeredBefore,
          deletable: isDeletable(times, probe),
          deregisteredAt: times.deregisteredAt,
        };
      }),
  });
  await describeUpToCuts(probes, search.cuts, describer, { isDeletable, enough });

  const inactiveRevisions = new Map<string, InactiveRevision[]>();
  for (const [family, entries] of base.inactiveRevisions ?? []) {
    const described: InactiveRevision[] = [];
    for (const { revision } of entries) {
      const times = describer.known(family, revision, 'INACTIVE');
      // Already being deleted: sending it again would only come back as a failure.
      if (times?.status === 'DELETE_IN_PROGRESS') continue;
      if (times === undefined) described.push({ revision });
      else if (times.deregisteredAt === undefined) described.push({ revision, described: true });
      else described.push({ revision, deregisteredAt: times.deregisteredAt, described: true });
    }
    inactiveRevisions.set(family, described);
  }
  return { inactiveRevisions, search };
}

/** Describes the candidates at or below each cut, oldest first across families. */
async function describeUpToCuts(
  probes: readonly AgeProbe[],
  cuts: ReadonlyMap<string, number>,
  describer: RevisionDescriber,
  options: { isDeletable: AgeTest; enough: number | undefined },
): Promise<void> {
  const perFamily = probes.map((probe) => {
    const cut = cuts.get(probe.family) ?? 0;
    return probe.candidates
      .filter((revision) => revision <= cut)
      .map((revision) => ({ probe, revision }));
  });
  let deletable = 0;
  await runConcurrently(
    interleaveByRank(perFamily),
    probeConcurrency,
    async ({ probe, revision }) => {
      try {
        if (
          options.isDeletable(await describer.describe(probe.family, revision, 'INACTIVE'), probe)
        ) {
          deletable += 1;
        }
      } catch {
        // Left undescribed: the planner keeps it as `deregistration-time-unknown`.
      }
    },
    () => options.enough !== undefined && deletable >= options.enough,
  );
}
