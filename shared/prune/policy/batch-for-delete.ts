/** DeleteTaskDefinitions accepts at most 10 task definitions per call. */
export const DELETE_BATCH_SIZE = 10;

/**
 * Splits references into DeleteTaskDefinitions batches, keeping their order (oldest first).
 *
 * @returns consecutive chunks of at most 10; an empty list gives no chunk.
 */
export function batchForDelete<T>(refs: readonly T[], size: number = DELETE_BATCH_SIZE): T[][] {
  const step = Math.max(1, Math.floor(size));
  const batches: T[][] = [];
  for (let start = 0; start < refs.length; start += step) {
    batches.push(refs.slice(start, start + step));
  }
  return batches;
}
