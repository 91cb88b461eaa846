import { describeTaskDefinition } from '../aws/ecs-task-definitions.ts';
import {
  type AgeProbe,
  DEREGISTRATION_WINDOW_MS,
  findAgeCut,
  formatTaskDefinitionRef,
  interleaveByRank,
} from '../policies/prune/index.ts';
import { runConcurrently } from './run-concurrently.ts';

/** What a description says about a revision's lifecycle, in epoch ms. */
export type RevisionTimes = {
  status: string;
  registeredAt: number | undefined;
  deregisteredAt: number | undefined;
};

/** Describes revisions once each: revisions are immutable, and probes of phases 1 and 2 overlap. */
export type RevisionDescriber = {
  describe: (family: string, revision: number) => Promise<RevisionTimes>;
  /** The description already fetched, if any (synchronous, for filtering after the probes). */
  known: (family: string, revision: number) => RevisionTimes | undefined;
  /** DescribeTaskDefinition calls made (each revision at most once). */
  calls: () => number;
};

/** Families probed at once: each search is sequential, concurrency belongs across families. */
const probeConcurrency = 8;

/**
 * Creates a caching describer over DescribeTaskDefinition. Requires ecs:DescribeTaskDefinition.
 *
 * @returns the describer; a failed description is cached too (not retried within the run).
 */
export function createRevisionDescriber(): RevisionDescriber {
  const pending = new Map<string, Promise<RevisionTimes>>();
  const settled = new Map<string, RevisionTimes>();
  return {
    describe: (family, revision) => {
      const ref = formatTaskDefinitionRef(family, revision);
      let answer = pending.get(ref);
      if (answer === undefined) {
        answer = describeTaskDefinition(ref).then((details) => {
          const times: RevisionTimes = {
            status: details.status,
            registeredAt: details.registeredAt?.getTime(),
            deregisteredAt: details.deregisteredAt?.getTime(),
          };
          settled.set(ref, times);
          return times;
        });
        pending.set(ref, answer);
      }
      return answer;
    },
    known: (family, revision) => settled.get(formatTaskDefinitionRef(family, revision)),
    calls: () => pending.size,
  };
}

/** Cuts found per family, and the families whose search failed or was not started. */
export type AgeCutSearch = {
  cuts: Map<string, number>;
  /** Families whose probe failed: their candidates stay `age-unknown`. */
  failed: string[];
  /** Families not probed because enough removable revisions were already found. */
  notProbed: number;
};

/**
 * Runs {@link findAgeCut} for every probe, families concurrently, with DescribeTaskDefinition's
 * `registeredAt` as the clock. A revision without `registeredAt` has an unknown age, so its
 * family gets no cut and keeps its candidates.
 *
 * @param enough stop starting new families once this many removable revisions are found (the
 *   run's change cap: the rest would be over the cap anyway); undefined probes every family.
 * @returns the cuts, failed families and how many families were left unprobed.
 */
export async function findAgeCuts(
  probes: readonly AgeProbe[],
  describer: RevisionDescriber,
  enough?: number,
): Promise<AgeCutSearch> {
  const search: AgeCutSearch = { cuts: new Map(), failed: [], notProbed: 0 };
  let removable = 0;
  let started = 0;
  const isEnough = () => enough !== undefined && removable >= enough;
  await runConcurrently(
    probes,
    probeConcurrency,
    async (probe) => {
      started += 1;
      try {
        const cut = await findAgeCut(probe.candidates, async (revision) => {
          const { registeredAt } = await describer.describe(probe.family, revision);
          if (registeredAt === undefined) throw new Error(`${probe.family}:${revision} no age`);
          return registeredAt <= probe.registeredBefore;
        });
        search.cuts.set(probe.family, cut);
        removable += probe.candidates.filter((revision) => revision <= cut).length;
      } catch {
        search.failed.push(probe.family);
      }
    },
    isEnough,
  );
  search.notProbed = probes.length - started;
  return search;
}

/**
 * Describes the INACTIVE revisions at or below each family's grace cut for their
 * `deregisteredAt` (the probes' descriptions are reused), oldest first across families, and
 * stops once `enough` of them are deletable. The answers stay in the describer's cache.
 *
 * @param enough the run's change cap; undefined describes every candidate at or below its cut.
 * @returns when the descriptions are done; a failed one is left out (the planner then keeps
 *   that revision as `deregistration-time-unknown`).
 */
export async function describeDeregistrations(
  probes: readonly AgeProbe[],
  cuts: ReadonlyMap<string, number>,
  describer: RevisionDescriber,
  options: { now: number; enough: number | undefined },
): Promise<void> {
  const perFamily = probes.map((probe) => {
    const cut = cuts.get(probe.family) ?? 0;
    // ECS may still start tasks within 10 minutes of deregistration, whatever the grace says.
    const deletableBefore = Math.min(
      probe.registeredBefore,
      options.now - DEREGISTRATION_WINDOW_MS,
    );
    return probe.candidates
      .filter((revision) => revision <= cut)
      .map((revision) => ({ family: probe.family, revision, deletableBefore }));
  });
  let deletable = 0;
  await runConcurrently(
    interleaveByRank(perFamily),
    probeConcurrency,
    async ({ family, revision, deletableBefore }) => {
      try {
        const { deregisteredAt } = await describer.describe(family, revision);
        if (deregisteredAt !== undefined && deregisteredAt <= deletableBefore) deletable += 1;
      } catch {
        // Left undescribed: the planner keeps it as `deregistration-time-unknown`.
      }
    },
    () => options.enough !== undefined && deletable >= options.enough,
  );
}
