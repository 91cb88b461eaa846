import { bundledRestartPolicy } from './bundled-policy.ts';
import type { FunctionPolicySource } from './function-policy.ts';
import { reportGlobProblem } from './glob.ts';
import * as z from './zod.ts';

/**
 * The `restart:` section of the policy document. `{}` or a missing section restarts nothing:
 * a task is only touched when a `select` entry (or its own `ecs-autopilot:restart` tag) opts it in.
 *
 * The section's schemas are built on first use (`z.lazy`): a deployed function carries its section
 * already validated (scripts/build.ts), so its cold start never builds them; only a `POLICY_FILE`
 * override, the CLI and the build parse with them.
 */

/** A whole number from `min` to `max`. */
const intBetween = (min: number, max: number) =>
  z.number().check(z.int(), z.minimum(min), z.maximum(max));
/** A string of `min` to `max` characters. */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

/** How a selected task is restarted: only after failures, after any stop, or never. */
export const restartModeSchema = z.enum(['on-failure', 'always', 'never']);

function buildRestartSchemas() {
  const GLOB = text(1, 256).check(z.superRefine(reportGlobProblem));
  const SECURITY_GROUP_ID = z
    .string()
    .check(z.regex(/^sg-[0-9a-f]{8,17}$/, 'expected a security group id'));
  const SUBNET_ID = z.string().check(z.regex(/^subnet-[0-9a-f]{8,17}$/, 'expected a subnet id'));

  const selectorShape = {
    cluster: z.optional(GLOB),
    family: z.optional(GLOB),
    group: z.optional(GLOB),
  };
  const selector = z.strictObject(selectorShape);
  /**
   * A selection rule. `includeOrchestrated: true` also selects the tasks AWS Batch or AWS Step
   * Functions started, which those services retry themselves (restarting them too runs the work
   * twice); without it such tasks are skipped as `orchestrator-owned`. `replaceOnWarning: false`
   * restarts a capacity loss only after its STOPPED event: for a job that must never run twice at
   * once (the replacement started on the warning overlaps the interrupted task for up to its
   * stopTimeout), or whose give-up rules must see exit codes (none exist at the warning).
   */
  const selectionRule = z.strictObject({
    ...selectorShape,
    mode: restartModeSchema,
    includeOrchestrated: z._default(z.boolean(), false),
    replaceOnWarning: z._default(z.boolean(), true),
  });

  /** `137` or `"128-255"`: an exit code or an inclusive range. */
  const exitCodeMatch = z.union([
    intBetween(0, 255),
    z.string().check(
      z.regex(/^\d{1,3}-\d{1,3}$/, 'expected an exit code range like "128-255"'),
      z.refine((r) => {
        const [lo = 0, hi = 0] = r.split('-').map(Number);
        return lo <= hi && hi <= 255;
      }, 'expected low <= high <= 255'),
    ),
  ]);

  const failureRule = z.strictObject({
    exitCodes: z.optional(z.array(exitCodeMatch).check(z.minLength(1), z.maxLength(50))),
    stopCodes: z.optional(z.array(text(1, 64)).check(z.minLength(1))),
    stoppedReason: z.optional(text(1, 512)),
    containerReason: z.optional(text(1, 512)),
    action: z.enum(['retry', 'give-up']),
  });

  const backoff = z.strictObject({
    initialSeconds: z._default(intBetween(0, 900), 10),
    factor: z._default(z.number().check(z.minimum(1), z.maximum(10)), 2),
    // SQS DelaySeconds caps at 900 s, and the delay queue is the backoff mechanism.
    maxSeconds: z._default(intBetween(0, 900), 300),
    jitterRatio: z._default(z.number().check(z.minimum(0), z.maximum(1)), 0.1),
  });

  const crashLoop = z.strictObject({
    maxFailures: z._default(intBetween(1, 1000), 5),
    windowSeconds: z._default(intBetween(1, 86_400), 600),
    scope: z._default(z.enum(['family', 'group']), 'family'),
  });

  const strategy = z.array(
    z.strictObject({
      capacityProvider: text(1, 255),
      weight: z._default(intBetween(0, 1000), 1),
      base: z._default(intBetween(0, 100_000), 0),
    }),
  );

  /** After a Spot interruption on `from`, restart on the `to` strategy (e.g. FARGATE_SPOT → FARGATE). */
  const spotFallback = z.strictObject({
    from: text(1, 255),
    to: strategy.check(z.minLength(1), z.maxLength(20)),
  });

  /**
   * awsvpc network for selected tasks: events and DescribeTasks carry the subnet but never the
   * security groups nor whether the task had a public IP, so they must come from here or from the
   * `ecs-autopilot:security-groups` and `ecs-autopilot:assign-public-ip` tags. `subnets` defaults
   * to the stopped task's own subnet. `assignPublicIp` has no default: a Fargate task in a public
   * subnet without NAT needs ENABLED to pull its image, one in a private subnet must not have it,
   * and a guess either way breaks one of them; without it a Fargate restart is `network-unknown`.
   */
  const networkRule = z.strictObject({
    ...selectorShape,
    subnets: z.optional(z.array(SUBNET_ID).check(z.minLength(1), z.maxLength(16))),
    securityGroups: z.array(SECURITY_GROUP_ID).check(z.minLength(1), z.maxLength(5)),
    assignPublicIp: z.optional(z.enum(['ENABLED', 'DISABLED'])),
  });

  const runTaskRetry = z.strictObject({ maxRetries: z._default(intBetween(0, 20), 5) });

  const section = z.strictObject({
    dryRun: z._default(z.boolean(), false),
    select: z._default(z.array(selectionRule).check(z.maxLength(100)), []),
    classify: z._default(z.array(failureRule).check(z.maxLength(100)), []),
    useDefaultRules: z._default(z.boolean(), true),
    backoff: z.prefault(backoff, {}),
    healthyResetAfterSeconds: z._default(intBetween(0, 604_800), 600),
    maxAttempts: z._default(intBetween(1, 100), 6),
    crashLoop: z.prefault(crashLoop, {}),
    spotFallback: z._default(z.array(spotFallback).check(z.maxLength(20)), []),
    network: z._default(z.array(networkRule).check(z.maxLength(100)), []),
    runTaskRetry: z.prefault(runTaskRetry, {}),
  });
  return { selector, failureRule, section };
}

let built: ReturnType<typeof buildRestartSchemas> | undefined;
const schemas = () => {
  built ??= buildRestartSchemas();
  return built;
};

/** Picks tasks by cluster name, task definition family and group globs (`./glob.ts`), all ANDed. */
export const restartSelectorSchema = z.lazy(() => schemas().selector);

/**
 * A failure classification rule, as expressive as AWS Batch `evaluateOnExit`: every condition
 * given must hold (AND), conditions on lists hold when any element matches; first rule wins.
 * Reason globs use `*` (any text, including `/` and `:`) and `?` (one character), case-sensitive.
 */
export const failureRuleSchema = z.lazy(() => schemas().failureRule);

/** Zod schema of the `restart:` section; `{}` parses to safe defaults (nothing selected). */
export const restartSectionSchema = z.lazy(() => schemas().section);

/** The validated `restart:` section. */
export type RestartConfig = z.infer<typeof restartSectionSchema>;
/** How a task is restarted. */
export type RestartMode = z.infer<typeof restartModeSchema>;
/** A failure classification rule. */
export type FailureRule = z.infer<typeof failureRuleSchema>;
/** A `select` entry. */
export type SelectionRule = RestartConfig['select'][number];
/** Cluster/family/group globs. */
export type RestartSelector = z.infer<typeof restartSelectorSchema>;
/** Exponential backoff settings. */
export type BackoffConfig = RestartConfig['backoff'];

/**
 * Built-in rules, evaluated after the operator's own `classify` rules (unless
 * `useDefaultRules: false`). When nothing matches, a failure is retried (AWS Batch semantics),
 * bounded by `maxAttempts` and the crash-loop breaker.
 */
export const DEFAULT_FAILURE_RULES: readonly FailureRule[] = [
  // Spot reclaim and instance termination are not the task's fault: always worth another try.
  { stopCodes: ['SpotInterruption', 'TerminationNotice'], action: 'retry' },
  // The image or tag does not exist, or the registry refuses us: retrying cannot fix it.
  { stoppedReason: 'CannotPullContainerError*not found*', action: 'give-up' },
  { stoppedReason: 'CannotPullContainerError*pull access denied*', action: 'give-up' },
  // Missing IAM permissions (secrets, ECR, logs) are configuration errors, not transient.
  { stoppedReason: '*is not authorized to perform*', action: 'give-up' },
  // 126: command not executable, 127: command not found — a broken image or command override.
  { exitCodes: [126, 127], action: 'give-up' },
  // A secret or parameter that does not exist, or a secret without the JSON key the task asks
  // for, is a configuration error (ECS's messages: "...from secrets manager:
  // ResourceNotFoundException: Secrets Manager can't find the specified secret", "...invalid ssm
  // parameters: /name", "...retrieved secret from Secrets Manager did not contain json key KEY").
  { stoppedReason: 'ResourceInitializationError*ResourceNotFoundException*', action: 'give-up' },
  { stoppedReason: 'ResourceInitializationError*invalid ssm parameters*', action: 'give-up' },
  { stoppedReason: 'ResourceInitializationError*did not contain json key*', action: 'give-up' },
  // Network/ENI/secret-fetch timeouts and registry throttling are transient.
  { stoppedReason: 'ResourceInitializationError*', action: 'retry' },
  { stoppedReason: 'CannotPullContainerError*', action: 'retry' },
  // 137 (SIGKILL, usually OutOfMemoryError) is retried like the kubelet does: OOMs are often
  // input- or load-dependent; max attempts and the crash-loop breaker bound a deterministic one.
  { exitCodes: [137], action: 'retry' },
];

/**
 * The restart function's policy: the `restart:` section compiled into its bundle, or read from a
 * `POLICY_FILE` override and validated with {@link restartSectionSchema}.
 */
export const restartFunctionPolicy: FunctionPolicySource<'restart'> = {
  schemas: { restart: restartSectionSchema },
  bundled: bundledRestartPolicy,
};
