import * as z from 'zod';
import { reportGlobProblem } from './glob.ts';

/**
 * The `restart:` section of the policy document. `{}` or a missing section restarts nothing:
 * a task is only touched when a `select` entry (or its own `ecs-autopilot:restart` tag) opts it in.
 */

const GLOB = z.string().min(1).max(256).superRefine(reportGlobProblem);
const SECURITY_GROUP_ID = z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'expected a security group id');
const SUBNET_ID = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'expected a subnet id');

/** How a selected task is restarted: only after failures, after any stop, or never. */
export const restartModeSchema = z.enum(['on-failure', 'always', 'never']);

/** Picks tasks by cluster name, task definition family and group globs (`./glob.ts`), all ANDed. */
export const restartSelectorSchema = z
  .object({ cluster: GLOB.optional(), family: GLOB.optional(), group: GLOB.optional() })
  .strict();

const selectionRuleSchema = restartSelectorSchema.extend({ mode: restartModeSchema }).strict();

/** `137` or `"128-255"`: an exit code or an inclusive range. */
const exitCodeMatchSchema = z.union([
  z.number().int().min(0).max(255),
  z
    .string()
    .regex(/^\d{1,3}-\d{1,3}$/, 'expected an exit code range like "128-255"')
    .refine((r) => {
      const [lo = 0, hi = 0] = r.split('-').map(Number);
      return lo <= hi && hi <= 255;
    }, 'expected low <= high <= 255'),
]);

/**
 * A failure classification rule, as expressive as AWS Batch `evaluateOnExit`: every condition
 * given must hold (AND), conditions on lists hold when any element matches; first rule wins.
 * Reason globs use `*` (any text, including `/` and `:`) and `?` (one character), case-sensitive.
 */
export const failureRuleSchema = z
  .object({
    exitCodes: z.array(exitCodeMatchSchema).min(1).max(50).optional(),
    stopCodes: z.array(z.string().min(1).max(64)).min(1).optional(),
    stoppedReason: z.string().min(1).max(512).optional(),
    containerReason: z.string().min(1).max(512).optional(),
    action: z.enum(['retry', 'give-up']),
  })
  .strict();

/**
 * Built-in rules, evaluated after the operator's own `classify` rules (unless
 * `useDefaultRules: false`). When nothing matches, a failure is retried (AWS Batch semantics),
 * bounded by `maxAttempts` and the crash-loop breaker.
 */
export const DEFAULT_FAILURE_RULES: readonly z.infer<typeof failureRuleSchema>[] = [
  // Spot reclaim and instance termination are not the task's fault: always worth another try.
  { stopCodes: ['SpotInterruption', 'TerminationNotice'], action: 'retry' },
  // The image or tag does not exist, or the registry refuses us: retrying cannot fix it.
  { stoppedReason: 'CannotPullContainerError*not found*', action: 'give-up' },
  { stoppedReason: 'CannotPullContainerError*pull access denied*', action: 'give-up' },
  // Missing IAM permissions (secrets, ECR, logs) are configuration errors, not transient.
  { stoppedReason: '*is not authorized to perform*', action: 'give-up' },
  // 126: command not executable, 127: command not found — a broken image or command override.
  { exitCodes: [126, 127], action: 'give-up' },
  // Network/ENI/secret-fetch timeouts and registry throttling are transient.
  { stoppedReason: 'ResourceInitializationError*', action: 'retry' },
  { stoppedReason: 'CannotPullContainerError*', action: 'retry' },
  // 137 (SIGKILL, usually OutOfMemoryError) is retried like the kubelet does: OOMs are often
  // input- or load-dependent; max attempts and the crash-loop breaker bound a deterministic one.
  { exitCodes: [137], action: 'retry' },
];

const backoffSchema = z
  .object({
    initialSeconds: z.number().int().min(0).max(900).default(10),
    factor: z.number().min(1).max(10).default(2),
    // SQS DelaySeconds caps at 900 s, and the delay queue is the backoff mechanism.
    maxSeconds: z.number().int().min(0).max(900).default(300),
    jitterRatio: z.number().min(0).max(1).default(0.1),
  })
  .strict();

const crashLoopSchema = z
  .object({
    maxFailures: z.number().int().min(1).max(1000).default(5),
    windowSeconds: z.number().int().min(1).max(86_400).default(600),
    scope: z.enum(['family', 'group']).default('family'),
  })
  .strict();

const strategySchema = z.array(
  z
    .object({
      capacityProvider: z.string().min(1).max(255),
      weight: z.number().int().min(0).max(1000).default(1),
      base: z.number().int().min(0).max(100_000).default(0),
    })
    .strict(),
);

/** After a Spot interruption on `from`, restart on the `to` strategy (e.g. FARGATE_SPOT → FARGATE). */
const spotFallbackSchema = z
  .object({ from: z.string().min(1).max(255), to: strategySchema.min(1).max(20) })
  .strict();

/**
 * awsvpc network for selected tasks: events and DescribeTasks carry the subnet but never the
 * security groups, so they must come from here or from the `ecs-autopilot:security-groups` tag.
 * `subnets` defaults to the stopped task's own subnet.
 */
const networkRuleSchema = restartSelectorSchema
  .extend({
    subnets: z.array(SUBNET_ID).min(1).max(16).optional(),
    securityGroups: z.array(SECURITY_GROUP_ID).min(1).max(5),
    assignPublicIp: z.enum(['ENABLED', 'DISABLED']).default('DISABLED'),
  })
  .strict();

const runTaskRetrySchema = z
  .object({ maxRetries: z.number().int().min(0).max(20).default(5) })
  .strict();

/** Zod schema of the `restart:` section; `{}` parses to safe defaults (nothing selected). */
export const restartSectionSchema = z
  .object({
    dryRun: z.boolean().default(false),
    select: z.array(selectionRuleSchema).max(100).default([]),
    classify: z.array(failureRuleSchema).max(100).default([]),
    useDefaultRules: z.boolean().default(true),
    backoff: backoffSchema.prefault({}),
    healthyResetAfterSeconds: z.number().int().min(0).max(604_800).default(600),
    maxAttempts: z.number().int().min(1).max(100).default(6),
    crashLoop: crashLoopSchema.prefault({}),
    spotFallback: z.array(spotFallbackSchema).max(20).default([]),
    network: z.array(networkRuleSchema).max(100).default([]),
    runTaskRetry: runTaskRetrySchema.prefault({}),
  })
  .strict();

/** The validated `restart:` section. */
export type RestartConfig = z.infer<typeof restartSectionSchema>;
/** How a task is restarted. */
export type RestartMode = z.infer<typeof restartModeSchema>;
/** A failure classification rule. */
export type FailureRule = z.infer<typeof failureRuleSchema>;
/** Cluster/family/group globs. */
export type RestartSelector = z.infer<typeof restartSelectorSchema>;
/** Exponential backoff settings. */
export type BackoffConfig = RestartConfig['backoff'];
