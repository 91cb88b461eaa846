import { describe, expect, it } from 'vitest';
import {
  mayRunEcsTask,
  readScheduleTarget,
} from '../../../../shared/prune/policy/schedule-target-references.ts';

const cluster = 'arn:aws:ecs:us-east-1:123456789012:cluster/batch';
const universal = 'arn:aws:scheduler:::aws-sdk:ecs:runTask';

describe('readScheduleTarget', () => {
  it.each([
    [
      'the ECS templated target',
      {
        arn: cluster,
        ecsTaskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/report:3',
        input: undefined,
      },
      { kind: 'static', ref: 'arn:aws:ecs:us-east-1:1:task-definition/report:3' },
    ],
    [
      'a universal RunTask target',
      {
        arn: universal,
        ecsTaskDefinition: undefined,
        input: '{"Cluster":"batch","TaskDefinition":"report:4"}',
      },
      { kind: 'static', ref: 'report:4' },
    ],
    [
      'a universal target in camelCase',
      {
        arn: universal,
        ecsTaskDefinition: undefined,
        input: '{"cluster":"batch","taskDefinition":"report"}',
      },
      { kind: 'static', ref: 'report' },
    ],
    [
      'a universal target whose input is not JSON, without quoting it',
      {
        arn: universal,
        ecsTaskDefinition: undefined,
        input: 'SECRET=hunter2 <aws.scheduler.execution-id>',
      },
      { kind: 'dynamic', expression: 'input is not a JSON object' },
    ],
    [
      'a universal target whose TaskDefinition is not a text, without quoting the input',
      {
        arn: universal,
        ecsTaskDefinition: undefined,
        input:
          '{"TaskDefinition":{"x":1},"Overrides":{"ContainerOverrides":[{"Environment":[{"Name":"TOKEN","Value":"hunter2"}]}]}}',
      },
      { kind: 'dynamic', expression: 'input TaskDefinition is not a text' },
    ],
    [
      'a universal ECS call without a task definition',
      {
        arn: 'arn:aws:scheduler:::aws-sdk:ecs:listTasks',
        ecsTaskDefinition: undefined,
        input: '{"Cluster":"batch"}',
      },
      { kind: 'none' },
    ],
    [
      'a Lambda target',
      { arn: 'arn:aws:lambda:us-east-1:1:function:f', ecsTaskDefinition: undefined, input: '{}' },
      { kind: 'none' },
    ],
  ])('reads %s', (_name, target, expected) => {
    expect(readScheduleTarget(target)).toEqual(expected);
  });
});

describe('mayRunEcsTask', () => {
  it.each([
    [cluster, true],
    [universal, true],
    ['arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/prod', true],
    ['arn:aws:states:us-east-1:123456789012:stateMachine:nightly', false],
    ['arn:aws:scheduler:::aws-sdk:sqs:sendMessage', false],
  ])('tells %s -> %s', (arn, expected) => {
    expect(mayRunEcsTask(arn)).toBe(expected);
  });
});
