import { type Clock, createTokenBucket, systemClock, type TokenBucket } from './token-bucket.ts';

/**
 * ECS throttles API actions per account and Region in buckets of related actions. These are the
 * documented defaults (Amazon ECS API request throttling); the pacer takes only a share of each so
 * the account's own deploy pipelines keep their headroom.
 */
export const ecsThrottleCategories = {
  taskDefinitionRegistration: { capacity: 20, refillPerSecond: 1 },
  taskDefinitionDeletion: { capacity: 5, refillPerSecond: 1 },
  serviceUpdate: { capacity: 50, refillPerSecond: 5 },
  taskLaunch: { capacity: 100, refillPerSecond: 40 },
  read: { capacity: 50, refillPerSecond: 20 },
} as const;

export type ThrottleCategory = keyof typeof ecsThrottleCategories;

const categoryOfCommand: Record<string, ThrottleCategory> = {
  RegisterTaskDefinitionCommand: 'taskDefinitionRegistration',
  DeregisterTaskDefinitionCommand: 'taskDefinitionRegistration',
  DeleteTaskDefinitionsCommand: 'taskDefinitionDeletion',
  UpdateServiceCommand: 'serviceUpdate',
  RunTaskCommand: 'taskLaunch',
  StopTaskCommand: 'taskLaunch',
};

/** The throttle category an ECS command draws from; every other ECS action is a read. */
export function categoryOf(commandName: string): ThrottleCategory {
  return categoryOfCommand[commandName] ?? 'read';
}

export type PacerOptions = {
  /** Fraction (0 to 1] of each ECS bucket this function may use. */
  share: number;
  clock?: Clock;
  /** Scales every rate (used by benchmarks that compress hours into minutes). 1 in production. */
  timeFactor?: number;
};

export type CallStats = {
  calls: Record<string, number>;
  throttled: Record<string, number>;
  waitedMs: number;
};

export type Pacer = {
  /** Waits for a token of the command's category. Called once per attempt, retries included. */
  acquire: (commandName: string) => Promise<void>;
  /** Milliseconds before a call of this command could start now. */
  waitTimeMs: (commandName: string) => number;
  recordCall: (commandName: string) => void;
  recordThrottle: (commandName: string) => void;
  stats: () => CallStats;
  resetStats: () => void;
};

/** Creates a pacer with one token bucket per ECS throttle category, each at `share` of the default. */
export function createPacer(options: PacerOptions): Pacer {
  const clock = options.clock ?? systemClock;
  const factor = options.timeFactor ?? 1;
  const buckets = new Map<ThrottleCategory, TokenBucket>();
  for (const [category, limits] of Object.entries(ecsThrottleCategories)) {
    buckets.set(
      category as ThrottleCategory,
      createTokenBucket({
        // Never below one token, or a small share would deadlock the bucket.
        capacity: Math.max(1, Math.floor(limits.capacity * options.share)),
        refillPerSecond: limits.refillPerSecond * options.share * factor,
        clock,
      }),
    );
  }
  let calls: Record<string, number> = {};
  let throttled: Record<string, number> = {};
  let waitedMs = 0;
  const bucketFor = (commandName: string): TokenBucket => {
    const bucket = buckets.get(categoryOf(commandName));
    if (!bucket) throw new Error(`no bucket for ${commandName}`);
    return bucket;
  };

  return {
    acquire: async (commandName) => {
      const started = clock.now();
      await bucketFor(commandName).take();
      waitedMs += clock.now() - started;
    },
    waitTimeMs: (commandName) => bucketFor(commandName).waitTimeMs(),
    recordCall: (commandName) => {
      calls[commandName] = (calls[commandName] ?? 0) + 1;
    },
    recordThrottle: (commandName) => {
      throttled[commandName] = (throttled[commandName] ?? 0) + 1;
    },
    stats: () => ({ calls: { ...calls }, throttled: { ...throttled }, waitedMs }),
    resetStats: () => {
      calls = {};
      throttled = {};
      waitedMs = 0;
    },
  };
}

let containerPacer: Pacer = createPacer({ share: 1 });

/**
 * Sets the share of ECS's throttle buckets this container may use (and, for benchmarks only, a
 * time factor). Called once the policy is loaded; replaces the pacer and its stats.
 */
export function configurePacing(options: { share: number; timeFactor?: number }): Pacer {
  containerPacer = createPacer(options);
  return containerPacer;
}

/** The container's pacer (also the call and throttle counter of every AWS client). */
export function getPacer(): Pacer {
  return containerPacer;
}
