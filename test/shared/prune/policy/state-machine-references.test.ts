import { describe, expect, it } from 'vitest';
import { findStateMachineReferences } from '../../../../shared/prune/policy/state-machine-references.ts';

const runTask = (resource: string, args: Record<string, unknown>, key = 'Parameters') => ({
  Type: 'Task',
  Resource: resource,
  [key]: { Cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/batch', ...args },
  End: true,
});

const definitionOf = (states: Record<string, unknown>) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states });

describe('findStateMachineReferences', () => {
  it.each([
    ['the optimized integration', 'arn:aws:states:::ecs:runTask'],
    ['a .sync job', 'arn:aws:states:::ecs:runTask.sync'],
    ['a callback task', 'arn:aws:states:::ecs:runTask.waitForTaskToken'],
    ['the SDK integration', 'arn:aws:states:::aws-sdk:ecs:runTask'],
    ['an SDK updateService', 'arn:aws:states:::aws-sdk:ecs:updateService'],
    ['another partition', 'arn:aws-cn:states:::ecs:runTask.sync'],
  ])('reads the TaskDefinition of %s', (_name, resource) => {
    // Act
    const found = findStateMachineReferences(
      definitionOf({ Run: runTask(resource, { TaskDefinition: 'report:7' }) }),
    );

    // Assess
    expect(found).toEqual({ refs: ['report:7'], dynamic: [] });
  });

  it('reads JSONata Arguments, and finds states nested in Parallel branches and Map processors', () => {
    // Prepare
    const definition = definitionOf({
      Fan: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'A',
            States: { A: runTask('arn:aws:states:::ecs:runTask.sync', { TaskDefinition: 'a:1' }) },
          },
          {
            StartAt: 'Each',
            States: {
              Each: {
                Type: 'Map',
                ItemProcessor: {
                  StartAt: 'B',
                  States: {
                    B: runTask(
                      'arn:aws:states:::ecs:runTask',
                      { TaskDefinition: 'b' },
                      'Arguments',
                    ),
                  },
                },
                End: true,
              },
            },
          },
        ],
        Next: 'Old',
      },
      Old: {
        Type: 'Map',
        Iterator: {
          StartAt: 'C',
          States: {
            C: runTask('arn:aws:states:::ecs:runTask', {
              TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/c:3',
            }),
          },
        },
        End: true,
      },
    });

    // Act
    const found = findStateMachineReferences(definition);

    // Assess
    expect(found.refs).toEqual([
      'a:1',
      'b',
      'arn:aws:ecs:us-east-1:123456789012:task-definition/c:3',
    ]);
    expect(found.dynamic).toEqual([]);
  });

  it.each([
    ['a JSONPath', { 'TaskDefinition.$': '$.job' }, 'Parameters', '$.job', undefined],
    [
      'a JSONata expression',
      { TaskDefinition: '{% $states.input.job %}' },
      'Arguments',
      '{% $states.input.job %}',
      undefined,
    ],
    [
      'a States.Format template with a literal family',
      { 'TaskDefinition.$': "States.Format('etl:{}', $.rev)" },
      'Parameters',
      "States.Format('etl:{}', $.rev)",
      ['etl'],
    ],
    [
      'an ARN template with a literal family',
      {
        'TaskDefinition.$':
          "States.Format('arn:aws:ecs:us-east-1:1:task-definition/etl-{}:3', $.env)",
      },
      'Parameters',
      "States.Format('arn:aws:ecs:us-east-1:1:task-definition/etl-{}:3', $.env)",
      undefined,
    ],
  ])('reports %s as a dynamic reference, never ignored', (_name, args, key, expression, families) => {
    // Act
    const found = findStateMachineReferences(
      definitionOf({ Job: runTask('arn:aws:states:::ecs:runTask.sync', args, key) }),
    );

    // Assess
    expect(found.refs).toEqual([]);
    expect(found.dynamic).toEqual([
      families === undefined
        ? { location: 'Job', expression }
        : { location: 'Job', expression, families },
    ]);
  });

  it('reports a whole JSONata Arguments expression as dynamic', () => {
    const found = findStateMachineReferences(
      definitionOf({
        Job: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask',
          Arguments: '{% $states.input %}',
          End: true,
        },
      }),
    );

    expect(found.dynamic).toEqual([{ location: 'Job', expression: '{% $states.input %}' }]);
  });

  it('describes a TaskDefinition that is not a text instead of quoting it, and bounds a long one', () => {
    // Act
    const found = findStateMachineReferences(
      definitionOf({
        A: runTask('arn:aws:states:::ecs:runTask', { TaskDefinition: { secret: 'hunter2' } }),
        B: runTask('arn:aws:states:::ecs:runTask', { 'TaskDefinition.$': `$.${'x'.repeat(400)}` }),
      }),
    );

    // Assess
    expect(found.dynamic[0]).toEqual({ location: 'A', expression: '(not a text)' });
    expect(JSON.stringify(found)).not.toContain('hunter2');
    expect(found.dynamic[1]?.expression).toHaveLength(200);
  });

  it('ignores task states that do not call ECS', () => {
    const found = findStateMachineReferences(
      definitionOf({
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { TaskDefinition: 'x:1' },
          End: true,
        },
      }),
    );

    expect(found).toEqual({ refs: [], dynamic: [] });
  });

  it('says so when the definition is not JSON', () => {
    expect(findStateMachineReferences('{ not json').problem).toBe(
      'the definition is not valid JSON',
    );
  });
});
