/**
 * Finds the age cut of a family: the highest candidate revision that is old enough.
 *
 * Registration order equals revision order within a family, so "old enough" is monotonic over
 * the ascending candidates (true…true false…false). The newest candidate is probed first because
 * in steady state it is already old enough, which settles the whole family with one probe;
 * otherwise a binary search finds the boundary with ⌈log2(n)⌉ more probes (at most 15 for
 * 12,000 candidates) instead of describing every revision.
 *
 * The predicate is injected (typically DescribeTaskDefinition's `registeredAt <= now - minAge`,
 * paced by the handler), so this function does no I/O itself and is deterministic under test.
 * It is a plain async search rather than a step machine because each probe depends on the
 * previous answer: the search is sequential by nature, and concurrency belongs across families
 * (the handler runs one search per family under its pacer).
 *
 * @param candidates revision numbers, ascending (e.g. `planAgeProbes()[i].candidates`).
 * @param isOldEnough resolves true when the revision was registered at or before the cut time.
 * @returns the highest old-enough candidate, or 0 when none is (or there are no candidates).
 * @throws whatever `isOldEnough` throws; the handler then leaves the family's age unknown.
 */
export async function findAgeCut(
  candidates: readonly number[],
  isOldEnough: (revision: number) => Promise<boolean>,
): Promise<number> {
  const newest = candidates.at(-1);
  if (newest === undefined) return 0;
  if (await isOldEnough(newest)) return newest;
  // Invariant: candidates[high] is too young; the first too-young index lies in [low, high].
  let low = 0;
  let high = candidates.length - 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const revision = candidates[middle];
    if (revision !== undefined && (await isOldEnough(revision))) low = middle + 1;
    else high = middle;
  }
  return candidates[low - 1] ?? 0;
}
