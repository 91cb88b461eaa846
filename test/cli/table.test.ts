import { describe, expect, it } from 'vitest';
import { formatTable } from '../../cli/table.ts';

describe('formatTable', () => {
  it('aligns every column to its widest cell, numbers to the right, without trailing spaces', () => {
    // Act
    const lines = formatTable(
      [{ header: 'family' }, { header: 'count', align: 'right' }, { header: 'reason' }],
      [
        ['nightly-report', '1', 'stale'],
        ['web', '120', 'newest-n'],
      ],
    );

    // Assess
    expect(lines).toEqual([
      'FAMILY          COUNT  REASON',
      'nightly-report      1  stale',
      'web               120  newest-n',
    ]);
  });

  it('prints only the header when there are no rows', () => {
    // Act
    const lines = formatTable([{ header: 'service' }, { header: 'desired' }], []);

    // Assess
    expect(lines).toEqual(['SERVICE  DESIRED']);
  });
});
