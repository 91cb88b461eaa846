/**
 * Runs `worker` over `items` with at most `limit` in flight, in order. Bounded concurrency keeps
 * a large account from queueing thousands of requests behind the pacer at once.
 *
 * `shouldStop` is checked before each item starts: items not started are skipped (their results
 * are simply absent), which lets a caller stop probing once it knows enough.
 *
 * @returns when every started item has settled.
 * @throws whatever a worker throws (workers that must not fail the run catch their own errors).
 */
export async function runConcurrently<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !shouldStop()) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await worker(item);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(limit), items.length));
  await Promise.all(Array.from({ length: lanes }, lane));
}
