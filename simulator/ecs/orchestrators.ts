/**
 * What the AWS services that start ECS tasks on their own put on those tasks, so a scenario can
 * start a task as each of them would (the restart function tells them apart by these marks):
 *
 * - AWS Step Functions (`ecs:runTask`, `ecs:runTask.sync`): `startedBy: AWS Step Functions`, as
 *   captured `runTask.sync` results show (umccr/elsa-data-aws-copy-out,
 *   workload-copy-out/construct/fargate-run-task-construct.ts).
 * - AWS Batch: runs a job in its compute environment's cluster `AWSBatch-<ce>-<uuid>`, with the
 *   `AWS_BATCH_JOB_ID`, `AWS_BATCH_JOB_ATTEMPT`, `AWS_BATCH_CE_NAME`, `AWS_BATCH_JQ_NAME`
 *   environment overrides on the job container (aws-samples/aws-batch-runtime-monitoring,
 *   src/ECSRunTask/ECSTaskEventsStateMachineServerless.asl.json, reads them from ECS Task State
 *   Change events). The cluster is the scenario's: name it `AWSBatch-…`.
 * - EventBridge Scheduler: `startedBy: chronos-schedule/<schedule name>`.
 * - EventBridge rules: `startedBy: events-rule/<rule name>`.
 */
export type OrchestratorName =
  | 'step-functions'
  | 'aws-batch'
  | 'eventbridge-scheduler'
  | 'eventbridge-rule';

/**
 * The RunTask request `orchestrator` sends for `request` (cluster, task definition, launch type,
 * network...): its `startedBy`, and for Batch the job environment on the first container
 * override (`container`, default `main`). `name` is the schedule, rule or compute environment.
 */
export function orchestratedRunTask<T extends object>(
  orchestrator: OrchestratorName,
  request: T,
  options: { name?: string; container?: string; jobId?: string } = {},
): T {
  const name = options.name ?? 'nightly';
  if (orchestrator === 'step-functions') return { ...request, startedBy: 'AWS Step Functions' };
  if (orchestrator === 'eventbridge-scheduler') {
    return { ...request, startedBy: `chronos-schedule/${name}` };
  }
  if (orchestrator === 'eventbridge-rule') return { ...request, startedBy: `events-rule/${name}` };
  const environment = [
    { name: 'AWS_BATCH_JOB_ATTEMPT', value: '1' },
    { name: 'AWS_BATCH_JOB_ID', value: options.jobId ?? '4c7599ae-0a82-49aa-ba5a-4727fcce14a8' },
    { name: 'AWS_BATCH_JQ_NAME', value: `${name}-queue` },
    { name: 'AWS_BATCH_CE_NAME', value: name },
  ];
  return {
    ...request,
    overrides: { containerOverrides: [{ name: options.container ?? 'main', environment }] },
  };
}
