/**
 * Fault injection: errors (5xx by default), throttling, latency and per-item `failures[]` for
 * chosen actions, optionally only for one cluster, for the first N matching calls (after skipping
 * some) or with a probability drawn from a seeded generator. Off by default.
 */
import { AwsError, throttling } from './errors.ts';

export type FaultRule = {
  /** `service:Action`, `service:*` or `*` (for example `ecs:RunTask`). */
  target: string;
  /**
   * `failures`: the call succeeds, but ECS reports the items the request names (services, tasks,
   * task definitions) in `failures[]` with `reason` instead of handling them.
   */
  kind: 'error' | 'throttle' | 'latency' | 'failures';
  /** For `error`: the exception name (default ServerException) and HTTP status (default 500). */
  errorName?: string;
  status?: number;
  /** For `error`: the call takes effect before the error is answered (a lost response). */
  afterEffect?: boolean;
  /** For `latency`: real milliseconds to wait before answering. */
  latencyMs?: number;
  /** For `failures`: the reason of each failure (default `INTERNAL_ERROR`). */
  reason?: string;
  /** Only calls whose `cluster` parameter names this cluster (by name or ARN). */
  cluster?: string;
  /**
   * Only calls whose request has these exact top-level values (`{ desiredStatus: 'STOPPED' }`,
   * `{ EventBusName: 'orders' }`); REST requests match their path and query fields.
   */
  when?: Record<string, string>;
  /** Lets this many matching calls through first (a page that fails in the middle of a listing). */
  after?: number;
  /** Applies to this many matching calls, then stops. */
  count?: number;
  /** Applies to each matching call with this probability (0-1). Default 1. */
  probability?: number;
};

export type FaultOutcome = {
  latencyMs: number;
  error: AwsError | undefined;
  /** The error is answered after the call took effect. */
  errorAfterEffect: boolean;
  /** The reason to report the request's items with, for a `failures` fault. */
  failItems: string | undefined;
};

export type Faults = {
  /** Decides what happens to one call (`input`: its parsed request, for `cluster` rules). */
  check: (service: string, action: string, input?: Record<string, unknown>) => FaultOutcome;
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

function matches(rule: FaultRule, service: string, action: string, input: unknown): boolean {
  const { target } = rule;
  if (target !== '*' && target !== `${service}:*` && target !== `${service}:${action}`) {
    return false;
  }
  const fields = input as Record<string, unknown> | undefined;
  if (rule.when && !Object.entries(rule.when).every(([key, value]) => fields?.[key] === value)) {
    return false;
  }
  if (rule.cluster === undefined) return true;
  const cluster = fields?.cluster;
  return (
    typeof cluster === 'string' &&
    (cluster === rule.cluster || cluster.endsWith(`/${rule.cluster}`))
  );
}

/** Creates the fault injector for the given rules and seed. */
export function createFaults(initial: FaultRule[] = [], seed = 42): Faults {
  const random = seededRandom(seed);
  let rules = initial.map((rule) => ({ rule, used: 0, seen: 0 }));
  return {
    check: (service, action, input) => {
      const outcome: FaultOutcome = {
        latencyMs: 0,
        error: undefined,
        errorAfterEffect: false,
        failItems: undefined,
      };
      for (const entry of rules) {
        const { rule } = entry;
        if (!matches(rule, service, action, input)) continue;
        entry.seen += 1;
        if (entry.seen <= (rule.after ?? 0)) continue;
        if (rule.count !== undefined && entry.used >= rule.count) continue;
        if (rule.probability !== undefined && random() >= rule.probability) continue;
        entry.used += 1;
        if (rule.kind === 'latency') outcome.latencyMs += rule.latencyMs ?? 0;
        else if (rule.kind === 'failures') outcome.failItems ??= rule.reason ?? 'INTERNAL_ERROR';
        else if (outcome.error === undefined) {
          outcome.error = toError(rule);
          outcome.errorAfterEffect = rule.kind === 'error' && rule.afterEffect === true;
        }
      }
      return outcome;
    },
    add: (rule) => {
      rules.push({ rule, used: 0, seen: 0 });
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

/** Per action with per-item `failures[]`: the request field naming the items, the answer's list. */
const itemLists: Record<string, { request: string; answer: string }> = {
  DescribeServices: { request: 'services', answer: 'services' },
  DescribeTasks: { request: 'tasks', answer: 'tasks' },
  DeleteTaskDefinitions: { request: 'taskDefinitions', answer: 'taskDefinitions' },
  GetTaskProtection: { request: 'tasks', answer: 'protectedTasks' },
};

/**
 * The answer to a call under a `failures` fault: every item the request names is reported in
 * `failures[]` with `reason` and none is handled. Undefined for actions without item failures.
 */
export function answerWithFailures(
  action: string,
  input: Record<string, unknown>,
  reason: string,
): Record<string, unknown> | undefined {
  const lists = itemLists[action];
  const items = lists === undefined ? undefined : input[lists.request];
  if (lists === undefined || !Array.isArray(items)) return undefined;
  return { [lists.answer]: [], failures: items.map((item) => ({ arn: String(item), reason })) };
}
