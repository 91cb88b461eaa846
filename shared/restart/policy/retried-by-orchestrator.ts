import type { TaskStateChange } from '../task-state-change.ts';

const BATCH_CLUSTER = /^AWSBatch-|_Batch_/;
const BATCH_JOB_VARIABLE = 'AWS_BATCH_JOB_ID';

/**
 * Whether an AWS service that retries failed tasks itself started the task: restarting it too
 * runs the work twice (a Batch retry or a workflow retry beside ours), so such a task is
 * `orchestrator-owned` unless a rule opts it in. The markers are observed, not documented by AWS:
 *
 * - **AWS Step Functions** (`ecs:runTask`, `.sync`, `.waitForTaskToken`) sets `startedBy` to
 *   `AWS Step Functions` (a captured `runTask.sync` result in umccr/elsa-data-aws-copy-out,
 *   workload-copy-out/construct/fargate-run-task-construct.ts); the workflow's `Retry` owns the
 *   outcome. A state that sets its own `StartedBy` is not recognised.
 * - **AWS Batch** runs a job's containers as tasks in the ECS cluster of its compute environment,
 *   named `AWSBatch-<compute environment>-<uuid>` (older environments `…_Batch_…`), with the
 *   `AWS_BATCH_JOB_ID` environment override: AWS's own aws-samples/aws-batch-runtime-monitoring
 *   (src/ECSRunTask/ECSTaskEventsStateMachineServerless.asl.json) tells Batch tasks apart in ECS
 *   Task State Change events by exactly these. Batch retries a job under its `retryStrategy`.
 *
 * EventBridge Scheduler and rules retry delivering the RunTask call, not the task's exit: their
 * tasks, like a person's or a script's, are restartable.
 */
export function isRetriedByOrchestrator(
  task: Pick<TaskStateChange, 'startedBy' | 'clusterName' | 'overrides'>,
): boolean {
  if (task.startedBy === 'AWS Step Functions') return true;
  const batchJob = task.overrides.containerOverrides.some((c) =>
    (c.environment ?? []).some((variable) => variable.name === BATCH_JOB_VARIABLE),
  );
  return batchJob || BATCH_CLUSTER.test(task.clusterName);
}
