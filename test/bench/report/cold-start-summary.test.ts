import { describe, expect, it } from 'vitest';
import { summarizeColdStart } from '../../../bench/report/cold-start-summary.ts';

describe('summarizeColdStart', () => {
  it('puts every function beside its floor, with the ratios of import and of import plus first invocation', () => {
    // Act
    const table = summarizeColdStart(
      ['prune', 'scale'],
      [
        {
          bundleKib: 300,
          floorKib: 200,
          importMs: 48,
          floorImportMs: 40,
          firstMs: 50,
          floorFirstMs: 45,
        },
        {
          bundleKib: 320,
          floorKib: 210,
          importMs: 50,
          floorImportMs: 40,
          firstMs: 40,
          floorFirstMs: 40,
        },
      ],
    );

    // Assess
    expect(table.columns).toEqual(['median of the fresh processes', 'prune', 'scale']);
    const row = (label: string) => table.rows.find((r) => r[0] === label)?.slice(1);
    expect(row('import: bundle / floor')).toEqual(['1.20 ×', '1.25 ×']);
    expect(row('import + first invocation: bundle / floor')).toEqual(['1.15 ×', '1.13 ×']);
    expect(row('read at cold start: bundle / floor')).toEqual(['300 / 200 KiB', '320 / 210 KiB']);
  });
});
