import { describeTaskDefinition } from '../../aws/ecs-task-definitions.ts';
import { runConcurrently } from '../../runtime/run-concurrently.ts';
import { type AgeProbe, findAgeCut, formatTaskDefinitionRef } from '../policy/index.ts';

/** What a description says about a revision's lifecycle, in epoch ms. */
export type RevisionTimes = {
  status: string;
  registeredAt: number | undefined;
  deregisteredAt: number | undefined;
};

/** The status a revision was listed with this run (ListTaskDefinitions' status filter). */
export type ListedStatus = 'ACTIVE' | 'INACTIVE';

/**
 * Describes revisions once each: probes of phases 1 and 2 overlap within a run, and what a
 * description says stays true across runs (see {@link rememberedTimes}).
 */
export type RevisionDescriber = {
  describe: (family: string, revision: number, listed: ListedStatus) => Promise<RevisionTimes>;
  /** The description already known, if any (synchronous, for filtering after the probes). */
  known: (family: string, revision: number, listed: ListedStatus) => RevisionTimes | undefined;
  /** DescribeTaskDefinition calls made this run (each revision at most once). */
  calls: () => number;
};

/**
 * What DescribeTaskDefinition said of each revision, kept for the container's life, because it
 * stays true: a revision's `registeredAt` never changes, and once it is deregistered neither does
 * its `deregisteredAt`. An answer given while the revision was ACTIVE serves its registration time
 * only: when it is listed INACTIVE later (deregistered since, by this function or anyone), it is
 * described again for its deregistration time. A warm prune container thus describes each
 * revision at most twice in its life instead of on every run.
 */
const rememberedTimes = new Map<string, RevisionTimes>();
/** About 100 bytes an entry: a bound that keeps a huge account's cache under 10 MB. */
const maxRememberedTimes = 100_000;

/** Forgets every remembered description (tests of a fresh container). */
export function forgetRevisionTimes(): void {
  rememberedTimes.clear();
}

function remembered(ref: string, listed: ListedStatus): RevisionTimes | undefined {
  const times = rememberedTimes.get(ref);
  if (times === undefined) return undefined;
  return listed === 'INACTIVE' && times.status === 'ACTIVE' ? undefined : times;
}

function remember(ref: string, times: RevisionTimes): void {
  if (rememberedTimes.size >= maxRememberedTimes) rememberedTimes.clear();
  rememberedTimes.set(ref, times);
}

/** Families probed at once: each search is sequential, concurrency belongs across families. */
export const probeConcurrency = 8;

/**
 * Creates a caching describer over DescribeTaskDefinition: what the container remembers first,
 * then one call per revision and run. Requires ecs:DescribeTaskDefinition.
 *
 * @returns the describer; a failed description is cached for the run (not retried in it) and not
 *   remembered beyond it.
 */
export function createRevisionDescriber(): RevisionDescriber {
  const pending = new Map<string, Promise<RevisionTimes>>();
  return {
    describe: (family, revision, listed) => {
      const ref = formatTaskDefinitionRef(family, revision);
      const known = remembered(ref, listed);
      if (known !== undefined) return Promise.resolve(known);
      let answer = pending.get(ref);
      if (answer === undefined) {
        answer = describeTaskDefinition(ref).then((details) => {
          const times: RevisionTimes = {
            status: details.status,
            registeredAt: details.registeredAt?.getTime(),
            deregisteredAt: details.deregisteredAt?.getTime(),
          };
          remember(ref, times);
          return times;
        });
        pending.set(ref, answer);
      }
      return answer;
    },
    known: (family, revision, listed) =>
      remembered(formatTaskDefinitionRef(family, revision), listed),
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
  /** Candidates at or below their family's cut: what the plan may remove. */
  removable: number;
};

/** Decides from a description whether a revision is past the probe's cut. */
export type AgeTest = (times: RevisionTimes, probe: AgeProbe) => boolean;

/**
 * The ACTIVE-revision test: registered at or before the probe's time.
 * @throws Error when the description has no `registeredAt` (unknown age never prunes).
 */
export const isRegisteredBefore: AgeTest = (times, probe) => {
  if (times.registeredAt === undefined) throw new Error(`${probe.family}: no registeredAt`);
  return times.registeredAt <= probe.registeredBefore;
};

/** Finds one family's cut, describing its candidates through `describe` (cached). */
export type CutSearch = (
  probe: AgeProbe,
  describe: (revision: number) => Promise<RevisionTimes>,
) => Promise<number>;

/** Phase 1's search: {@link findAgeCut} over registration times, which rise with revisions. */
export const registrationCutSearch: CutSearch = (probe, describe) =>
  findAgeCut(probe.candidates, async (revision) =>
    isRegisteredBefore(await describe(revision), probe),
  );

/** How {@link findAgeCuts} searches. */
export type AgeCutOptions = {
  search: CutSearch;
  /** The status the probed revisions were listed with (ACTIVE for ages, INACTIVE for grace). */
  listed: ListedStatus;
  /** Stop starting new families once this many removable revisions are known (the change cap). */
  enough?: number | undefined;
};

/**
 * Runs a cut search for every probe, families concurrently, each probe a cached
 * DescribeTaskDefinition. A search that throws leaves its family without a cut (kept).
 *
 * @returns the cuts, failed families and how many families were left unprobed.
 */
export async function findAgeCuts(
  probes: readonly AgeProbe[],
  describer: RevisionDescriber,
  options: AgeCutOptions,
): Promise<AgeCutSearch> {
  const search: AgeCutSearch = { cuts: new Map(), failed: [], notProbed: 0, removable: 0 };
  let started = 0;
  const { enough } = options;
  await runConcurrently(
    probes,
    probeConcurrency,
    async (probe) => {
      started += 1;
      try {
        const cut = await options.search(probe, (revision) =>
          describer.describe(probe.family, revision, options.listed),
        );
        search.cuts.set(probe.family, cut);
        search.removable += probe.candidates.filter((revision) => revision <= cut).length;
      } catch {
        search.failed.push(probe.family);
      }
    },
    () => enough !== undefined && search.removable >= enough,
  );
  search.notProbed = probes.length - started;
  return search;
}
