import { describe, expect, it } from 'vitest';
import { isRetriedByOrchestrator } from '../../../../shared/restart/policy/retried-by-orchestrator.ts';
import type { TaskStateChange } from '../../../../shared/restart/task-state-change.ts';
import { loadTask } from './restart-fixtures.ts';

const subject = (
  startedBy: string | undefined,
  clusterName = 'batch',
  environment: { name: string; value: string }[] = [],
): Pick<TaskStateChange, 'startedBy' | 'clusterName' | 'overrides'> => ({
  ...(startedBy !== undefined ? { startedBy } : {}),
  clusterName,
  overrides: { containerOverrides: [{ name: 'app', environment }] },
});

describe('isRetriedByOrchestrator', () => {
  it.each([
    ['a Step Functions task', subject('AWS Step Functions')],
    [
      'a task in a Batch compute environment cluster',
      subject(undefined, 'AWSBatch-genomics-ce-3c1f0a52-7d2e-3b4a-9c8d-1e2f3a4b5c6d'),
    ],
    ['a task in an older Batch cluster', subject(undefined, 'genomics_Batch_3c1f0a52')],
    [
      'a Batch job container (AWS_BATCH_JOB_ID) in any cluster',
      subject(undefined, 'batch', [{ name: 'AWS_BATCH_JOB_ID', value: '4c7599ae' }]),
    ],
  ])('recognises %s', (_name, task) => {
    expect(isRetriedByOrchestrator(task)).toBe(true);
  });

  it.each([
    ['no startedBy', subject(undefined)],
    ['a person or script', subject('airflow-etl')],
    ['our own restarts', subject('ecs-autopilot')],
    ['a lookalike startedBy', subject('AWS Step Functions (copy)')],
    ['a cluster merely named batch', subject(undefined, 'batch-jobs')],
    ['an EventBridge Scheduler task', subject('chronos-schedule/nightly')],
    ['an EventBridge rule task', subject('events-rule/nightly-report')],
  ])('leaves restartable %s', (_name, task) => {
    expect(isRetriedByOrchestrator(task)).toBe(false);
  });

  it.each([
    ['task-stopped-step-functions-exit-1-fargate', true],
    ['task-stopped-aws-batch-exit-1-ec2', true],
    ['task-stopped-scheduler-exit-1-fargate', false],
    ['task-stopped-essential-exit-1-fargate', false],
  ])('reads the fixture %s', (fixture, retried) => {
    expect(isRetriedByOrchestrator(loadTask(fixture))).toBe(retried);
  });
});
