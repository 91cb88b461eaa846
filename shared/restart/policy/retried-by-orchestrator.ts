import type { TaskStateChange } from '../task-state-change.ts';

/**
 * The AWS services that start standalone tasks on their own, and how each marks its tasks:
 *
 * - **AWS Step Functions** (`ecs:runTask` / `ecs:runTask.sync`) sets `startedBy` to
 *   `AWS Step Functions` (a captured `runTask.sync` result in umccr/elsa-data-aws-copy-out,
 *   workload-copy-out/construct/fargate-run-task-construct.ts). The state machine owns the
 *   outcome: `.sync` reports the failure to the workflow, whose `Retry` runs the task again.
 * - **AWS Batch** runs a job's containers as tasks in the ECS cluster of its compute environment,
 *   named `AWSBatch-<compute environment>-<uuid>` (older environments `…_Batch_…`), and gives the
 *   job container the `AWS_BATCH_JOB_ID` (`AWS_BATCH_JOB_ATTEMPT`, `AWS_BATCH_CE_NAME`,
 *   `AWS_BATCH_JQ_NAME`) environment overrides: AWS's own aws-samples/aws-batch-runtime-monitoring
 *   (src/ECSRunTask/ECSTaskEventsStateMachineServerless.asl.json) tells Batch tasks apart in ECS
 *   Task State Change events by exactly these. Batch retries a job under its `retryStrategy`.
 * - **EventBridge Scheduler** sets `startedBy` to `chronos-schedule/<schedule name>` (describe-tasks
 *   output in public code). Its retry policy covers delivering the RunTask call, not the task's
 *   exit: nobody runs a failed scheduled task again.
 * - **EventBridge rules** set `startedBy` to `events-rule/<rule name>`; like schedules, they
 *   do not retry a task that failed.
 *
 * Restarting a task whose orchestrator retries it runs the work twice (a Batch retry or a
 * workflow retry beside ours), so those are `orchestrator-owned` unless explicitly opted in.
 */
export const ORCHESTRATORS = {
  stepFunctions: { name: 'step-functions', retriesItself: true },
  awsBatch: { name: 'aws-batch', retriesItself: true },
  eventBridgeScheduler: { name: 'eventbridge-scheduler', retriesItself: false },
  eventBridgeRule: { name: 'eventbridge-rule', retriesItself: false },
} as const;

/** An AWS service that started the task, and whether it retries a failed task itself. */
export type Orchestrator = (typeof ORCHESTRATORS)[keyof typeof ORCHESTRATORS];

const BATCH_CLUSTER = /^AWSBatch-|_Batch_/;
const BATCH_JOB_VARIABLE = 'AWS_BATCH_JOB_ID';

/**
 * Which AWS service started the task, from its `startedBy`, its cluster name and its container
 * overrides. Returns undefined for a task nothing above started (a person, a script, another
 * scheduler): restartable as before.
 */
export function findOrchestrator(
  task: Pick<TaskStateChange, 'startedBy' | 'clusterName' | 'overrides'>,
): Orchestrator | undefined {
  const startedBy = task.startedBy ?? '';
  if (startedBy === 'AWS Step Functions') return ORCHESTRATORS.stepFunctions;
  const batchJob = task.overrides.containerOverrides.some((c) =>
    (c.environment ?? []).some((variable) => variable.name === BATCH_JOB_VARIABLE),
  );
  if (batchJob || BATCH_CLUSTER.test(task.clusterName)) return ORCHESTRATORS.awsBatch;
  if (startedBy.startsWith('chronos-schedule/')) return ORCHESTRATORS.eventBridgeScheduler;
  if (startedBy.startsWith('events-rule/')) return ORCHESTRATORS.eventBridgeRule;
  return undefined;
}
