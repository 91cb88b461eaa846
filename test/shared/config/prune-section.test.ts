import { describe, expect, it } from 'vitest';
import { parseRetainTag, pruneSectionSchema } from '../../../shared/config/prune-section.ts';

describe('pruneSectionSchema', () => {
  it('parses an empty section to a dry run that keeps 10 revisions and deletes nothing', () => {
    // Prepare / Act
    const config = pruneSectionSchema.parse({});

    // Assess
    expect(config).toEqual({
      dryRun: true,
      families: { include: ['*'], exclude: [] },
      keepNewest: 10,
      minAgeDays: 14,
      deleteInactive: { enabled: false, graceDays: 30 },
      maxChangesPerRun: 500,
      familyOverrides: [],
      dynamicReferences: [],
      pacingShare: 0.5,
    });
  });

  it('fills nested defaults when only part of a nested object is given', () => {
    // Prepare / Act
    const config = pruneSectionSchema.parse({
      families: { exclude: ['legacy-*'] },
      deleteInactive: { enabled: true },
    });

    // Assess
    expect(config.families).toEqual({ include: ['*'], exclude: ['legacy-*'] });
    expect(config.deleteInactive).toEqual({ enabled: true, graceDays: 30 });
  });

  it('accepts per-family overrides in order', () => {
    // Prepare
    const input = {
      dryRun: false,
      familyOverrides: [
        { families: 'payments-*', keepNewest: 30 },
        { families: 'batch-*', minAgeDays: 0 },
      ],
    };

    // Act
    const config = pruneSectionSchema.parse(input);

    // Assess
    expect(config.dryRun).toBe(false);
    expect(config.familyOverrides).toEqual(input.familyOverrides);
  });

  it.each([
    ['keepNewest below 1', { keepNewest: 0 }, ['keepNewest']],
    ['keepNewest not an integer', { keepNewest: 2.5 }, ['keepNewest']],
    ['negative minAgeDays', { minAgeDays: -1 }, ['minAgeDays']],
    ['negative graceDays', { deleteInactive: { graceDays: -1 } }, ['deleteInactive', 'graceDays']],
    ['maxChangesPerRun of 0', { maxChangesPerRun: 0 }, ['maxChangesPerRun']],
    ['pacingShare of 0', { pacingShare: 0 }, ['pacingShare']],
    ['pacingShare above 1', { pacingShare: 1.5 }, ['pacingShare']],
    ['an empty glob', { families: { include: [''] } }, ['families', 'include', 0]],
    ['an unknown key', { keepLatest: 3 }, []],
    [
      'an unknown override key',
      { familyOverrides: [{ families: 'a', keep: 1 }] },
      ['familyOverrides', 0],
    ],
  ])('rejects %s and names the key', (_name, input, path) => {
    // Act
    const result = pruneSectionSchema.safeParse(input);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(path);
  });
});

describe('parseRetainTag', () => {
  it.each([
    ['true', true],
    ['', true],
    ['ticket-123', true],
    ['yes', true],
    ['false', false],
    [' FALSE ', false],
    [undefined, false],
  ])('reads the value %j as retain=%s', (value, expected) => {
    // Act / Assess
    expect(parseRetainTag(value)).toBe(expected);
  });
});
