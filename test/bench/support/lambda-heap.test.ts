import { describe, expect, it } from 'vitest';
import { lambdaHeapFlags } from '../../../bench/support/lambda-heap.ts';

describe('lambdaHeapFlags', () => {
  it.each([
    [128, ['--max-semi-space-size=3', '--max-old-space-size=122']],
    [256, ['--max-semi-space-size=6', '--max-old-space-size=244']],
    [1024, ['--max-semi-space-size=25', '--max-old-space-size=973']],
  ])('gives a %i MB function 5 %% new space and the rest old space', (memoryMb, flags) => {
    // Act
    const result = lambdaHeapFlags(memoryMb);

    // Assess
    expect(result).toEqual(flags);
  });

  it.each([
    '--max-old-space-size=64',
    '--max_semi_space_size=1 --expose-gc',
  ])('adds nothing when the options already size the heap (%s)', (nodeOptions) => {
    // Act
    const result = lambdaHeapFlags(128, nodeOptions);

    // Assess
    expect(result).toEqual([]);
  });
});
