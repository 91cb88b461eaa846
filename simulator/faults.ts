/**
 * Fault injection: errors (5xx by default), throttling and latency for chosen actions, for the
 * first N matching calls or with a probability drawn from a seeded generator. Off by default.
 */
import { AwsError, throttling } from './errors.ts';

export type FaultRule = {
  /** `service:Action`, `service:*` or `*` (for example `ecs:RunTask`). */
  target: string;
  kind: 'error' | 'throttle' | 'latency';
  /** For `error`: the exception name (default ServerException) and HTTP status (default 500). */
  errorName?: string;
  status?: number;
  /** For `latency`: real milliseconds to wait before answering. */
  latencyMs?: number;
  /** Applies to this many matching calls, then stops. */
  count?: number;
  /** Applies to each matching call with this probability (0-1). Default 1. */
  probability?: number;
};

export type FaultOutcome = { latencyMs: number; error: AwsError | undefined };

export type Faults = {
  /** Decides what happens to one call. */
  check: (service: string, action: string) => FaultOutcome;
  add: (rule: FaultRule) => void;
  clear: () => void;
};

/** mulberry32: small, fast, and reproducible for a given seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(target: string, service: string, action: string): boolean {
  return target === '*' || target === `${service}:*` || target === `${service}:${action}`;
}

/** Creates the fault injector for the given rules and seed. */
export function createFaults(initial: FaultRule[] = [], seed = 42): Faults {
  const random = seededRandom(seed);
  let rules = initial.map((rule) => ({ rule, used: 0 }));
  return {
    check: (service, action) => {
      const outcome: FaultOutcome = { latencyMs: 0, error: undefined };
      for (const entry of rules) {
        const { rule } = entry;
        if (!matches(rule.target, service, action)) continue;
        if (rule.count !== undefined && entry.used >= rule.count) continue;
        if (rule.probability !== undefined && random() >= rule.probability) continue;
        entry.used += 1;
        if (rule.kind === 'latency') outcome.latencyMs += rule.latencyMs ?? 0;
        else if (outcome.error === undefined) outcome.error = toError(rule);
      }
      return outcome;
    },
    add: (rule) => {
      rules.push({ rule, used: 0 });
    },
    clear: () => {
      rules = [];
    },
  };
}

function toError(rule: FaultRule): AwsError {
  if (rule.kind === 'throttle') return throttling();
  return new AwsError(rule.errorName ?? 'ServerException', 'Injected fault', {
    status: rule.status ?? 500,
  });
}
