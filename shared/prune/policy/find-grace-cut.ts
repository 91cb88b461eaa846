import { findAgeCut } from './find-age-cut.ts';

/** What one description says about an INACTIVE revision, against the grace period. */
export type GraceProbe = {
  /** Registered at or before `now - grace`: false means every later revision is younger too. */
  registeredBeforeCut: boolean;
  /** Registered and deregistered long enough ago to be deleted. */
  deletable: boolean;
  /** Epoch ms; undefined when ECS did not report it. */
  deregisteredAt: number | undefined;
};

/**
 * Finds how far up a family's INACTIVE candidates (ascending) the deletion search must describe:
 * every candidate at or below the returned cut is described and decided on its own times, and an
 * undescribed candidate above it is inferred to be still in its grace period.
 *
 * Registration times rise with revision numbers, deregistration times only usually do (prune
 * deregisters oldest first, an operator may not). So the candidates are probed oldest first, and
 * one that is not deletable only ends the search when it proves the rest younger too:
 * - registered within the grace period: every later revision was registered later still;
 * - deregistered within it right after another such revision deregistered no later: the family is
 *   in the steady state where its revisions were deregistered in order, all within the grace period
 *   (two probes per family, where the first alone used to decide).
 * Any other non-deletable candidate (deregistered late out of order, or without a deregistration
 * time) is passed over and kept on its own, so one late revision never holds back its family. The
 * first deletable candidate hands the rest to {@link findAgeCut}'s newest-first binary search.
 *
 * @param probe describes one revision (the handler's cached DescribeTaskDefinition).
 * @returns the cut: 0 when nothing is deletable and nothing was described.
 * @throws whatever `probe` throws; the handler then keeps the family's candidates undescribed.
 */
export async function findGraceCut(
  candidates: readonly number[],
  probe: (revision: number) => Promise<GraceProbe>,
): Promise<number> {
  let previousLate: number | undefined;
  for (const [index, revision] of candidates.entries()) {
    const times = await probe(revision);
    if (times.deletable) {
      return findAgeCut(candidates.slice(index), async (next) => (await probe(next)).deletable);
    }
    if (!times.registeredBeforeCut) return candidates[index - 1] ?? 0;
    const late = times.deregisteredAt;
    if (late !== undefined && previousLate !== undefined && late >= previousLate) return revision;
    if (late !== undefined) previousLate = late;
  }
  return candidates.at(-1) ?? 0;
}
