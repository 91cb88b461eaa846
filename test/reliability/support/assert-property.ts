/**
 * Runs a fast-check property like `fc.assert` and records how many cases it generated, so the
 * reliability report can count properties and runs.
 */
import fc from 'fast-check';
import { type FunctionName, recordFigure } from './figures.ts';

/** fast-check's own default when neither the call nor the global configuration sets numRuns. */
const defaultRuns = 100;

/** Asserts `property` and records it against the running test (`task`) and function. */
export function assertProperty<T>(
  task: { name: string; meta: object },
  fn: FunctionName,
  property: fc.IProperty<T>,
  parameters: fc.Parameters<T> = {},
): void {
  fc.assert(property, parameters);
  const runs = parameters.numRuns ?? fc.readConfigureGlobal().numRuns ?? defaultRuns;
  recordFigure(task, { function: fn, category: 'property', scenario: task.name, runs });
}
