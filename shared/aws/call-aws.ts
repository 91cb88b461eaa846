import { AwsCallError } from '../errors.ts';
import { isThrottlingError } from './client-config.ts';

/** Server-side and throttling failures are worth retrying later; client errors are not. */
export function isTransientAwsError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const fault = (error as { $fault?: string } | undefined)?.$fault;
  return fault === 'server' || (error instanceof Error && error.name === 'TimeoutError');
}

/**
 * Runs one AWS call and translates any failure into an {@link AwsCallError} that names the
 * operation and keeps the SDK error as `cause`.
 * @throws AwsCallError when the call fails (transient for throttling and server faults).
 */
export async function callAws<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AwsCallError) throw error;
    throw new AwsCallError(operation, error, { transient: isTransientAwsError(error) });
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
