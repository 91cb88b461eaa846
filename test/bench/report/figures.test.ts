import { describe, expect, it } from 'vitest';
import {
  type BenchResults,
  type Figure,
  formatTarget,
  formatValue,
  listMissed,
  percentile,
  verdictOf,
} from '../../../bench/report/figures.ts';
import { alignColumns, renderMarkdown, renderTerminal } from '../../../bench/report/render.ts';

const bundle: Figure = {
  name: 'restart-task: bundle',
  value: 372.8,
  unit: 'KiB',
  digits: 1,
  target: { op: '<=', value: 340 },
  stretch: { op: '<=', value: 250 },
};

const results: BenchResults = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  machine: {
    cpuModel: 'Test CPU',
    cpus: 2,
    node: '22.0.0',
    os: 'Linux',
    totalMemoryMb: 1024,
    loadAverageAtStart: [1, 1, 1],
  },
  durationSeconds: 200,
  sections: [
    {
      id: 'cold-start',
      title: '1. Cold start',
      method: ['One line.', '  a detail | with a pipe'],
      figures: [
        bundle,
        { name: 'ratio', value: 1.1, unit: '×', target: { op: '<=', value: 1.15 } },
      ],
      comparison: { columns: ['', 'ours'], rows: [['calls', 3]] },
    },
  ],
};

describe('report figures', () => {
  it.each([
    [{ op: '<=', value: 340 }, 372.8, 'missed'],
    [{ op: '<=', value: 400 }, 372.8, 'met'],
    [{ op: '>=', value: 0.9 }, 1.03, 'met'],
    [{ op: '==', value: 0 }, 0, 'met'],
    [{ op: '==', value: 0 }, undefined, 'n/a'],
  ] as const)('judges %o against %s as %s', (target, value, verdict) => {
    // Act / Assess
    expect(verdictOf({ name: 'x', value, target })).toBe(verdict);
  });

  it('prints the value with its unit and the target with its stretch', () => {
    // Act / Assess
    expect(formatValue(bundle)).toBe('372.8 KiB');
    expect(formatTarget(bundle)).toBe('≤ 340.0 KiB, stretch ≤ 250.0 KiB');
    expect(formatValue({ name: 'x', value: undefined })).toBe('—');
    expect(formatValue({ name: 'n', value: 10_591 })).toBe('10,591');
  });

  it('takes percentiles by nearest rank', () => {
    // Act / Assess
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 90)).toBe(5);
    expect(percentile([], 50)).toBeUndefined();
  });

  it('lists only the missed targets, never the stretch ones', () => {
    // Act / Assess
    expect(listMissed(results.sections)).toEqual([
      '1. Cold start: restart-task: bundle (372.8 KiB vs ≤ 340.0 KiB, stretch ≤ 250.0 KiB)',
    ]);
  });
});

describe('report rendering', () => {
  it('aligns terminal columns and names the missed targets', () => {
    // Act
    const text = renderTerminal(results);

    // Assess
    expect(
      alignColumns([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toEqual(['a    bb', 'ccc  d']);
    expect(text).toContain(
      'restart-task: bundle  372.8 KiB  ≤ 340.0 KiB, stretch ≤ 250.0 KiB  MISSED',
    );
    expect(text).toContain('Targets missed:');
  });

  it('writes BENCHMARKS.md with the machine, the method and nested method lines', () => {
    // Act
    const markdown = renderMarkdown(results);

    // Assess
    expect(markdown).toContain('2 × Test CPU');
    expect(markdown).toContain('this run took 3 min 20 s');
    expect(markdown).toContain('  - a detail | with a pipe');
    expect(markdown).toContain('| ratio | 1.10 × | ≤ 1.15 × | ok |  |');
    expect(markdown).toContain('| calls | 3 |');
  });
});
