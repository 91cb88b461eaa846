import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/config/zod.ts';

describe('shared/config/zod', () => {
  it("words problems in zod's English, which zod/mini alone leaves as 'Invalid input'", () => {
    // Prepare: nothing else in this file loads classic zod, which would load English itself.
    const schema = z.strictObject({ share: z.number().check(z.lte(1)) });

    // Act
    const result = schema.safeParse({ share: 7, colour: 'blue' });

    // Assess
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'Too big: expected number to be <=1',
      'Unrecognized key: "colour"',
    ]);
  });
});
