/**
 * Token buckets modelled on ECS's documented API throttling: each bucket holds `burst` tokens
 * and refills at `ratePerSecond` (times `timeFactor`, so benchmarks can run faster than AWS).
 * Off by default. Time comes from the simulator's clock.
 */
import type { Clock } from './clock.ts';

/** One bucket and the actions (`service:Action`) that draw from it. */
export type BucketSpec = { name: string; actions: string[]; burst: number; ratePerSecond: number };

export type ThrottlingOptions = {
  enabled?: boolean;
  /** Multiplies every refill rate (10 = ten times faster than AWS). Default 1. */
  timeFactor?: number;
  /** Replaces default buckets with the same name, or adds new ones. */
  buckets?: BucketSpec[];
};

const read = { burst: 50, ratePerSecond: 20 };

/** ECS's buckets (burst, sustained rate per second); ECS actions not listed share `ecs-other`. */
export const defaultEcsBuckets: BucketSpec[] = [
  {
    name: 'task-definition-modify',
    actions: ['ecs:RegisterTaskDefinition', 'ecs:DeregisterTaskDefinition'],
    burst: 20,
    ratePerSecond: 1,
  },
  {
    name: 'task-definition-delete',
    actions: ['ecs:DeleteTaskDefinitions'],
    burst: 5,
    ratePerSecond: 1,
  },
  {
    name: 'task-definition-read',
    actions: [
      'ecs:DescribeTaskDefinition',
      'ecs:ListTaskDefinitions',
      'ecs:ListTaskDefinitionFamilies',
    ],
    ...read,
  },
  {
    name: 'service-modify',
    actions: ['ecs:CreateService', 'ecs:UpdateService', 'ecs:DeleteService'],
    burst: 50,
    ratePerSecond: 5,
  },
  { name: 'service-read', actions: ['ecs:DescribeServices', 'ecs:ListServices'], ...read },
  {
    name: 'task-modify',
    actions: ['ecs:RunTask', 'ecs:StartTask', 'ecs:StopTask'],
    burst: 100,
    ratePerSecond: 40,
  },
  { name: 'task-read', actions: ['ecs:DescribeTasks', 'ecs:ListTasks'], ...read },
  {
    name: 'task-protection',
    actions: ['ecs:GetTaskProtection', 'ecs:UpdateTaskProtection'],
    ...read,
  },
  { name: 'cluster-read', actions: ['ecs:DescribeClusters', 'ecs:ListClusters'], ...read },
  { name: 'ecs-other', actions: ['ecs:*'], ...read },
];

export type Throttler = {
  /** Takes a token for the call; false means the call is throttled. */
  take: (service: string, action: string) => boolean;
  setEnabled: (enabled: boolean) => void;
  /** Refills every bucket. */
  reset: () => void;
};

type Bucket = { spec: BucketSpec; tokens: number; updatedAt: number };

/** Creates the buckets; with throttling disabled every call passes. */
export function createThrottler(options: ThrottlingOptions, clock: Clock): Throttler {
  const factor = options.timeFactor ?? 1;
  const specs = new Map(defaultEcsBuckets.map((spec) => [spec.name, spec]));
  for (const spec of options.buckets ?? []) specs.set(spec.name, spec);
  let enabled = options.enabled ?? false;
  let buckets: Bucket[] = [];
  const reset = () => {
    buckets = [...specs.values()].map((spec) => ({ spec, tokens: spec.burst, updatedAt: clock() }));
  };
  reset();
  const find = (key: string, wildcard: string) =>
    buckets.find((bucket) => bucket.spec.actions.includes(key)) ??
    buckets.find((bucket) => bucket.spec.actions.includes(wildcard));
  return {
    take: (service, action) => {
      if (!enabled) return true;
      const bucket = find(`${service}:${action}`, `${service}:*`);
      if (!bucket) return true;
      const now = clock();
      const refill = ((now - bucket.updatedAt) / 1000) * bucket.spec.ratePerSecond * factor;
      bucket.tokens = Math.min(bucket.spec.burst, bucket.tokens + refill);
      bucket.updatedAt = now;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
    setEnabled: (value) => {
      enabled = value;
      reset();
    },
    reset,
  };
}
