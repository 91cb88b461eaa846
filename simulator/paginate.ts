/**
 * Key-based pagination: the token names the last key returned, so items added or removed
 * between pages (a prune deregistering while it lists) never shift or repeat a page.
 */
import { invalidParameter } from './errors.ts';

export type PageOptions<T> = {
  /** Items already sorted in the order they are returned. */
  items: T[];
  /** A string key that sorts like `items` (ascending) or the reverse (descending). */
  key: (item: T) => string;
  descending?: boolean;
  maxResults: number | undefined;
  /** Page size when the caller sets none. */
  defaultSize: number;
  /** Largest accepted `maxResults`. */
  limit: number;
  nextToken: string | undefined;
};

export type Page<T> = { items: T[]; nextToken: string | undefined };

/**
 * Returns one page and the token of the next (undefined on the last page).
 * @throws AwsError InvalidParameterException for an out-of-range maxResults or a bad token.
 */
export function paginate<T>(options: PageOptions<T>): Page<T> {
  const size = options.maxResults ?? options.defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > options.limit) {
    throw invalidParameter(`maxResults must be between 1 and ${options.limit}.`);
  }
  const after = options.nextToken === undefined ? undefined : decodeToken(options.nextToken);
  const start =
    after === undefined
      ? 0
      : firstIndexAfter(options.items, options.key, after, options.descending ?? false);
  const items = options.items.slice(start, start + size);
  const last = items.at(-1);
  const more = start + size < options.items.length && last !== undefined;
  return { items, nextToken: more ? encodeToken(options.key(last)) : undefined };
}

function firstIndexAfter<T>(
  items: T[],
  key: (item: T) => string,
  after: string,
  descending: boolean,
): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const item = items[mid];
    const k = item === undefined ? '' : key(item);
    const passed = descending ? k >= after : k <= after;
    if (passed) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Encodes a resume key as an opaque token. */
export function encodeToken(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64');
}

function decodeToken(token: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      'after' in parsed &&
      typeof parsed.after === 'string'
    ) {
      return parsed.after;
    }
  } catch {
    // fall through: any undecodable token is rejected the same way
  }
  throw invalidParameter('Invalid nextToken.');
}
