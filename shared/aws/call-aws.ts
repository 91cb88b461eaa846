import { AwsCallError, type AwsErrorKind } from '../runtime/errors.ts';

const throttlingErrorNames = new Set([
  'ThrottlingException',
  // CloudWatch's query-compatible errors name throttling this way.
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** True when an SDK error means the caller went too fast. */
export function isThrottlingError(error: unknown): boolean {
  return error instanceof Error && throttlingErrorNames.has(error.name);
}

/**
 * Classifies an SDK error once, at the boundary, so callers act on a kind instead of decoding
 * SDK errors: throttling by name, then the service's own fault (`$fault`, set by the SDK on every
 * modelled and unmodelled service error).
 */
export function classifyAwsError(error: unknown): AwsErrorKind {
  if (isThrottlingError(error)) return 'throttled';
  if (!(error instanceof Error)) return 'unknown';
  if (error.name === 'TimeoutError') return 'timeout';
  if (/AccessDenied|UnauthorizedOperation/.test(error.name)) return 'access-denied';
  if (error.name === 'ConflictException') return 'conflict';
  const fault = (error as { $fault?: string }).$fault;
  if (fault === 'server') return 'server';
  return fault === 'client' ? 'client' : 'unknown';
}

/**
 * Runs one AWS call and translates any failure into an {@link AwsCallError} that names the
 * operation, says what kind of failure it is and keeps the SDK error as `cause`.
 * @throws AwsCallError when the call fails (transient for throttling, server faults, timeouts).
 */
export async function callAws<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    throw new AwsCallError(operation, error, { kind: classifyAwsError(error) });
  }
}

/** Splits `items` into consecutive chunks of at most `size` (the API's batch limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/**
 * Sends one call per chunk of `items` (the API's batch limit) with at most `lanes` calls in
 * flight, and returns each call's reduced answer in chunk order. `send` reduces an answer to what
 * the caller keeps before the lane starts its next call, so a describe over thousands of tasks
 * holds a few raw answers at a time rather than all of them (a real DescribeTasks answer of 100
 * tasks is hundreds of kilobytes parsed, and a 128 MB function cannot hold a hundred of them).
 *
 * @returns the answers, one per chunk, in chunk order.
 * @throws whatever `send` throws first; chunks not started by then are not sent (their answer
 *   would be discarded with the failed call's).
 */
export async function mapBatches<T, R>(
  items: readonly T[],
  options: { size: number; lanes: number },
  send: (batch: T[]) => Promise<R>,
): Promise<R[]> {
  const batches = chunk(items, options.size);
  const answers: R[] = new Array(batches.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (next < batches.length && !failed) {
      const index = next;
      next += 1;
      try {
        answers[index] = await send(batches[index] ?? []);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(options.lanes), batches.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return answers;
}

/** Drains an SDK paginator into one array of the items each page carries. */
export async function collectPages<Page, Item>(
  operation: string,
  pages: AsyncIterable<Page>,
  itemsOf: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  return callAws(operation, async () => {
    const items: Item[] = [];
    for await (const page of pages) items.push(...(itemsOf(page) ?? []));
    return items;
  });
}
