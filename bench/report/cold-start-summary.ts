/**
 * Figure 1's table: every function's cold start beside its floor, one column a function. Pure.
 */
import type { Comparison } from './figures.ts';
import { formatNumber, round } from './figures.ts';

/** One function's cold start beside its floor: sizes in KiB, medians in ms. */
export type ColdStartSummary = {
  bundleKib: number;
  floorKib: number;
  importMs: number;
  floorImportMs: number;
  firstMs: number;
  floorFirstMs: number;
};

/** Every function side by side with its floor (figure 1's table). */
export function summarizeColdStart(
  names: readonly string[],
  summaries: readonly ColdStartSummary[],
): Comparison {
  const ms = (value: number) => `${formatNumber(round(value, 1), 1)} ms`;
  const row = (label: string, of: (s: ColdStartSummary) => string) => [label, ...summaries.map(of)];
  return {
    columns: ['median of the fresh processes', ...names],
    rows: [
      row('read at cold start: bundle / floor', (s) => `${s.bundleKib} / ${s.floorKib} KiB`),
      row('import: bundle', (s) => ms(s.importMs)),
      row('import: floor', (s) => ms(s.floorImportMs)),
      row(
        'import: bundle / floor',
        (s) => `${formatNumber(round(s.importMs / s.floorImportMs), 2)} ×`,
      ),
      row('first invocation to its first AWS request: bundle', (s) => ms(s.firstMs)),
      row('first invocation to its first AWS request: floor', (s) => ms(s.floorFirstMs)),
      row(
        'import + first invocation: bundle / floor',
        (s) =>
          `${formatNumber(round((s.importMs + s.firstMs) / (s.floorImportMs + s.floorFirstMs)), 2)} ×`,
      ),
    ],
  };
}
