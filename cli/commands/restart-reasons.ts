import type { RestartReason } from '../../shared/restart/policy/restart-decision.ts';

/**
 * Why each restart reason leads where it does, in a sentence for the operator. Keyed by every
 * reason the policy can give (and the handler's own `task-not-found`), so a new reason without
 * an explanation fails the type check.
 */
export const RESTART_REASON_TEXT: Record<RestartReason | 'task-not-found', string> = {
  'task-not-found':
    'ECS no longer knows this task (it keeps stopped tasks about an hour). Without its tags the lineage and attempt are unknown, and a restart could reset the attempt budget, so the function skips it.',
  'not-stopped': 'The task has not stopped: the function acts on STOPPED events only.',
  'service-task': "The task belongs to a service: the service's scheduler replaces it.",
  'deliberate-stop':
    'A person or the service scheduler stopped it (UserInitiated, ServiceSchedulerInitiated): never undone.',
  'not-selected':
    'No restart.select rule and no ecs-autopilot:restart tag selects this task: restarting is opt-in.',
  'opted-out': 'The task is selected with mode never.',
  'exited-cleanly': 'Every essential container exited 0 and the mode is on-failure.',
  'give-up-rule':
    'A classification rule (restart.classify, or a default rule) says retrying cannot fix this failure.',
  'max-attempts-reached': 'This lineage has used all restart.maxAttempts attempts.',
  'crash-loop':
    'Too many restarted tasks of this family (or group) stopped within restart.crashLoop.windowSeconds.',
  'network-unknown':
    'An awsvpc task needs security groups, and neither restart.network nor the ecs-autopilot:security-groups tag gives them.',
  'spot-interruption': 'Spot capacity was reclaimed: not the task’s fault, so it restarts at once.',
  'termination-notice':
    'Its host instance was terminated: not the task’s fault, so it restarts at once.',
  'always-restart': 'Mode always restarts after any stop, clean exits included.',
  'retry-rule': 'A classification rule (restart.classify, or a default rule) says retry.',
  'retry-default':
    'No classification rule matched: failures are retried (AWS Batch semantics), bounded by restart.maxAttempts and the crash-loop breaker.',
};
