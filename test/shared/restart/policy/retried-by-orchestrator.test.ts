import { describe, expect, it } from 'vitest';
import { findOrchestrator } from '../../../../shared/restart/policy/find-orchestrator.ts';
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

describe('findOrchestrator', () => {
  it.each([
    ['a Step Functions task', subject('AWS Step Functions'), 'step-functions', true],
    [
      'a task in a Batch compute environment cluster',
      subject(undefined, 'AWSBatch-genomics-ce-3c1f0a52-7d2e-3b4a-9c8d-1e2f3a4b5c6d'),
      'aws-batch',
      true,
    ],
    [
      'a task in an older Batch cluster',
      subject(undefined, 'genomics_Batch_3c1f0a52'),
      'aws-batch',
      true,
    ],
    [
      'a Batch job container (AWS_BATCH_JOB_ID) in any cluster',
      subject(undefined, 'batch', [{ name: 'AWS_BATCH_JOB_ID', value: '4c7599ae' }]),
      'aws-batch',
      true,
    ],
    [
      'an EventBridge Scheduler task',
      subject('chronos-schedule/nightly'),
      'eventbridge-scheduler',
      false,
    ],
    ['an EventBridge rule task', subject('events-rule/nightly-report'), 'eventbridge-rule', false],
  ])('recognises %s', (_name, task, name, retriesItself) => {
    expect(findOrchestrator(task)).toEqual({ name, retriesItself });
  });

  it.each([
    ['no startedBy', subject(undefined)],
    ['a person or script', subject('airflow-etl')],
    ['our own restarts', subject('ecs-autopilot')],
    ['a lookalike startedBy', subject('AWS Step Functions (copy)')],
    ['a cluster merely named batch', subject(undefined, 'batch-jobs')],
  ])('names nobody for %s', (_name, task) => {
    expect(findOrchestrator(task)).toBeUndefined();
  });

  it.each([
    ['task-stopped-step-functions-exit-1-fargate', 'step-functions'],
    ['task-stopped-aws-batch-exit-1-ec2', 'aws-batch'],
    ['task-stopped-scheduler-exit-1-fargate', 'eventbridge-scheduler'],
    ['task-stopped-essential-exit-1-fargate', 'eventbridge-rule'],
  ])('reads the orchestrator of the fixture %s', (fixture, name) => {
    expect(findOrchestrator(loadTask(fixture))?.name).toBe(name);
  });
});
