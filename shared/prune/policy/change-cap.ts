/** How many of each kind of removal fit under `maxChangesPerRun`. */
export type ChangeCapSplit = { deregister: number; delete: number };

/**
 * Splits the per-run cap between deregistrations and deletions: each phase is guaranteed half
 * (rounded up for deregistration), and whatever one phase does not need goes to the other. A
 * large deregistration backlog therefore never starves deletion, or the reverse, and runs still
 * converge because the next run recomputes the plan from what is left.
 *
 * @returns the number of deregistrations and deletions the plan may contain.
 */
export function splitChangeCap(
  cap: number,
  deregisterCandidates: number,
  deleteCandidates: number,
): ChangeCapSplit {
  const limit = Math.max(0, Math.floor(cap));
  const deregister = Math.min(
    deregisterCandidates,
    Math.max(Math.ceil(limit / 2), limit - deleteCandidates),
  );
  return { deregister, delete: Math.min(deleteCandidates, limit - deregister) };
}

/**
 * Orders per-family lists (each oldest first) by rank: every family's oldest item, then every
 * family's second oldest, and so on. Registration times are not comparable across families
 * without describing each revision, so this is "oldest first" within each family, and a run cut
 * short by the cap or the time budget still makes progress in every family. Linear in the
 * number of items.
 *
 * @returns the items in execution order.
 */
export function interleaveByRank<T>(groups: readonly (readonly T[])[]): T[] {
  const byRank: T[][] = [];
  for (const group of groups) {
    group.forEach((item, rank) => {
      const bucket = byRank[rank];
      if (bucket === undefined) byRank[rank] = [item];
      else bucket.push(item);
    });
  }
  return byRank.flat();
}
