/**
 * Event fixtures from `events/` (the same payloads the tests and `serverless invoke local` use),
 * and small helpers shared by the measurements.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '../../simulator/index.ts';
import { root } from './child-process.ts';

/** Reads `events/<name>` as a fresh object. */
export function loadEvent(name: string): unknown {
  return JSON.parse(readFileSync(join(root, 'events', name), 'utf8'));
}

/** Calls per action since a previous `byAction()` snapshot. */
export function diffCalls(
  after: Record<string, number>,
  before: Record<string, number> = {},
): Record<string, number> {
  const diff: Record<string, number> = {};
  for (const [action, calls] of Object.entries(after)) {
    const delta = calls - (before[action] ?? 0);
    if (delta > 0) diff[action] = delta;
  }
  return diff;
}

/** Sum of a record's values. */
export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

/** `Action: n, …` sorted by count, for notes and tables. */
export function formatCalls(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([action, calls]) => `${action} ${calls}`)
    .join(', ');
}

/** Throttled answers and all answers the simulator logged. */
export function throttleCounts(sim: Simulator): { calls: number; throttled: number } {
  return { calls: sim.calls.all.length, throttled: sim.calls.throttled() };
}
