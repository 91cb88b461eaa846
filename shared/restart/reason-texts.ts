import type { RestartOutcomeReason } from './types.ts';

/**
 * Why each restart reason leads where it does, in a sentence for the operator (`explain`, and
 * docs/reasons.md). Keyed by every reason an outcome can carry, the policy's and the function's
 * own steps', so a new reason without an explanation fails the type check.
 */
export const RESTART_REASON_TEXT: Record<RestartOutcomeReason, string> = {
  'task-not-found':
    'ECS no longer knows this task (it keeps stopped tasks about an hour). Without its tags the lineage and attempt are unknown, and a restart could reset the attempt budget, so the function skips it.',
  'not-stopped': 'The task has not stopped: the function acts on STOPPED events only.',
  'service-task': "The task belongs to a service: the service's scheduler replaces it.",
  'deliberate-stop':
    'A person or the service scheduler stopped it (UserInitiated, ServiceSchedulerInitiated): never undone.',
  'not-selected':
    'No restart.select rule and no ecs-autopilot:restart tag selects this task: restarting is opt-in.',
  'orchestrator-owned':
    "AWS Batch or AWS Step Functions started this task and retries it itself (Batch retryStrategy, the state machine's Retry): restarting it too would run the work twice. A restart.select entry with includeOrchestrated: true, or an ecs-autopilot:restart tag on the task, opts it in.",
  'opted-out': 'The task is selected with mode never.',
  'exited-cleanly': 'Every essential container exited 0 and the mode is on-failure.',
  'give-up-rule':
    'A classification rule (restart.classify, or a default rule) says retrying cannot fix this failure.',
  'volume-configured-at-launch':
    'The task definition has an EBS volume with configuredAtLaunch: RunTask must configure it again (volumeConfigurations: size, type, IOPS, snapshot, KMS key, role), and neither the event nor DescribeTasks says how the stopped task had it, so the function does not guess.',
  'role-not-passable':
    "RunTask would pass a task or execution role (the task's overrides, else its task definition's) that the stage's passableTaskRoleNames does not cover, or one of another account: ECS would refuse it (iam:PassRole), so the restart is abandoned with the role named, an audit event and the alarm. Widen passableTaskRoleNames for the stage if the role should be passed.",
  'max-attempts-reached': 'This lineage has used all restart.maxAttempts attempts.',
  'crash-loop':
    'Too many restarted tasks of this family (or group) stopped within restart.crashLoop.windowSeconds.',
  'network-unknown':
    'An awsvpc task needs security groups and, on Fargate, whether it gets a public IP; events and DescribeTasks carry neither, and neither a restart.network rule (securityGroups, assignPublicIp) nor the ecs-autopilot:security-groups and ecs-autopilot:assign-public-ip tags give them. The function never guesses: a default security group or a dropped public IP would break the task.',
  'spot-interruption':
    'Spot capacity was reclaimed: not the task’s fault, so it restarts at once (on the spotFallback capacity provider, when one is named), continuing the interrupted attempt.',
  'interruption-warning':
    'ECS announced it will stop the task for a capacity loss (Fargate Spot’s two-minute warning: lastStatus RUNNING, desiredStatus STOPPED, stopCode SpotInterruption): the replacement starts at once, while the interrupted task still runs, with the clientToken the STOPPED event will compute too.',
  'waits-for-stop':
    'An interruption warning for a task whose selection rule sets replaceOnWarning: false: nothing starts until the task has stopped; its STOPPED event restarts it (same clientToken rules, exit codes known).',
  'termination-notice':
    'Its host instance was terminated: not the task’s fault, so it restarts at once, continuing the interrupted attempt.',
  'always-restart': 'Mode always restarts after any stop, clean exits included.',
  'retry-rule': 'A classification rule (restart.classify, or a default rule) says retry.',
  'retry-default':
    'No classification rule matched: failures are retried (AWS Batch semantics), bounded by restart.maxAttempts and the crash-loop breaker.',
  'duplicate-event':
    'This container already ran or scheduled a restart under the same clientToken: EventBridge delivered the event again.',
  'replaced-before-stop':
    'A capacity loss whose replacement already started on the interruption warning, before the task stopped: the STOPPED event computed the same clientToken and ECS answered with that task, so nothing more was started.',
  'left-to-stop-event':
    'RunTask failed on the interruption warning (no capacity, throttling, a refusal): nothing is queued, the STOPPED event that follows within two minutes restarts the task with the same clientToken and retries or abandons as any restart.',
  'duplicate-message':
    'This container already started the task of this delay-queue message: SQS delivered it again.',
  'no-longer-selected':
    'A delayed restart came due, and the restart policy now (its select entries, or the ecs-autopilot:restart tag the task carried) no longer selects the task: it is dropped, never run.',
  'not-yet-due':
    'The delay queue delivered the restart before its time (a redrive): it waits again.',
  'run-task-retry':
    'RunTask failed in a way a later try may get past (capacity, throttling, a server fault or an unknown outcome): the restart went back to the delay queue under restart.runTaskRetry.',
  'run-task-rejected':
    'ECS refused the RunTask request itself (InvalidParameterException, ClientException such as an INACTIVE task definition, AccessDeniedException on iam:PassRole, failures[] MISSING; or, for a delayed restart, a task definition ECS no longer describes): the same request would be refused again, so the restart is abandoned at once, with the error in the outcome, an audit event and the alarm.',
  'run-task-budget-exhausted':
    'RunTask failed restart.runTaskRetry.maxRetries times for this attempt: the restart is abandoned.',
};
