/**
 * A token bucket with an injectable clock, so pacing can be tested without waiting.
 * Hand-written rather than taken from a library because the pacer needs three things the
 * common rate limiters do not offer together: an injected clock and sleep, FIFO waiters, and a
 * way to ask how long the next token is away (the functions stop before their time budget ends).
 */

export type Clock = {
  /** Monotonic milliseconds. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
};

export type TokenBucketOptions = {
  /** Tokens the bucket holds when full (ECS calls it the burst). */
  capacity: number;
  /** Tokens added per second (ECS calls it the sustained rate). */
  refillPerSecond: number;
  clock: Clock;
};

export type TokenBucket = {
  /** Waits until a token is available, then takes it. Waiters are served in arrival order. */
  take: () => Promise<void>;
  /** Milliseconds until a token would be available to a new caller (0 when one is ready). */
  waitTimeMs: () => number;
};

/** Creates a bucket that starts full. */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { capacity, refillPerSecond, clock } = options;
  let tokens = capacity;
  let updatedAt = clock.now();
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - updatedAt) / 1000) * refillPerSecond);
    updatedAt = now;
  };

  const takeInOrder = async (): Promise<void> => {
    refill();
    while (tokens < 1) {
      await clock.sleep(Math.ceil(((1 - tokens) / refillPerSecond) * 1000));
      refill();
    }
    tokens -= 1;
  };

  return {
    take: () => {
      const turn = queue.then(takeInOrder);
      queue = turn.catch(() => undefined);
      return turn;
    },
    waitTimeMs: () => {
      refill();
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / refillPerSecond) * 1000);
    },
  };
}

/** The real clock: `performance.now()` is monotonic, so faked `Date` in tests never stalls pacing. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
