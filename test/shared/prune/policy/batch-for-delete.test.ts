import { describe, expect, it } from 'vitest';
import { batchForDelete } from '../../../../shared/prune/policy/batch-for-delete.ts';

describe('batchForDelete', () => {
  it.each([
    [0, []],
    [1, [1]],
    [10, [10]],
    [11, [10, 1]],
    [25, [10, 10, 5]],
  ])('splits %i references into batches of %j', (count, sizes) => {
    // Prepare
    const refs = Array.from({ length: count }, (_, index) => `app:${index + 1}`);

    // Act
    const batches = batchForDelete(refs);

    // Assess
    expect(batches.map((batch) => batch.length)).toEqual(sizes);
    expect(batches.flat()).toEqual(refs);
  });
});
