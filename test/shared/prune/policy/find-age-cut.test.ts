import { describe, expect, it } from 'vitest';
import { findAgeCut } from '../../../../shared/prune/policy/find-age-cut.ts';
import { revisionsUpTo } from './prune-fixtures.ts';

/** @returns a predicate "revision <= cut" that records every probe. */
function probeUpTo(cut: number) {
  const probed: number[] = [];
  const isOldEnough = async (revision: number) => {
    probed.push(revision);
    return revision <= cut;
  };
  return { probed, isOldEnough };
}

describe('findAgeCut', () => {
  it.each([
    [
      'settles with one probe when the newest candidate is old',
      revisionsUpTo(12_000),
      12_000,
      12_000,
      1,
    ],
    [
      'finds a cut in the middle in at most 1 + ⌈log2(n)⌉ probes',
      revisionsUpTo(12_000),
      7_321,
      7_321,
      14,
    ],
    ['returns 0 when nothing is old enough', revisionsUpTo(12_000), 0, 0, 15],
    ['finds a cut just below the newest', revisionsUpTo(16), 15, 15, 5],
    ['finds the oldest as the cut', revisionsUpTo(16), 1, 1, 5],
    ['works on gapped revisions', [3, 7, 8, 20, 41], 9, 8, 3],
    ['answers a single candidate with one probe', [5], 4, 0, 1],
    ['probes nothing without candidates', [], 100, 0, 0],
  ])('%s', async (_name, candidates, cut, expected, probes) => {
    // Prepare
    const { probed, isOldEnough } = probeUpTo(cut);

    // Act
    const ageCut = await findAgeCut(candidates, isOldEnough);

    // Assess
    expect(ageCut).toBe(expected);
    expect(probed.length).toBe(probes);
    expect(new Set(probed).size).toBe(probed.length);
  });

  it('probes the newest candidate first', async () => {
    // Prepare
    const { probed, isOldEnough } = probeUpTo(50);

    // Act
    await findAgeCut(revisionsUpTo(100), isOldEnough);

    // Assess
    expect(probed[0]).toBe(100);
  });

  it('propagates a failed probe so the handler can leave the age unknown', async () => {
    // Prepare
    const failing = async () => {
      throw new Error('DescribeTaskDefinition failed');
    };

    // Act / Assess
    await expect(findAgeCut([1, 2, 3], failing)).rejects.toThrow('DescribeTaskDefinition failed');
  });
});
