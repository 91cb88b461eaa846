import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { scaleSectionSchema } from '../../../shared/config/scale-section.ts';
import { gatherScaleInventory } from '../../../shared/scale/inventory.ts';

const ecs = mockClient(ECSClient);
const autoScaling = mockClient(ApplicationAutoScalingClient);
const arn = 'arn:aws:ecs:us-east-1:123456789012';
const config = scaleSectionSchema.parse({
  services: [
    {
      match: { cluster: 'prod', service: 'web-*' },
      max: 10,
      metrics: [{ kind: 'cpu', targetPercent: 50 }],
    },
  ],
});

type Deployment = NonNullable<Service['deployments']>[number];
const completed: Deployment = {
  status: 'PRIMARY',
  taskDefinition: 'td:2',
  rolloutState: 'COMPLETED',
};

function service(name: string, extra: Partial<Service> = {}): Service {
  return {
    serviceArn: `${arn}:service/prod/${name}`,
    serviceName: name,
    status: 'ACTIVE',
    desiredCount: 3,
    runningCount: 2,
    deployments: [completed],
    tags: [{ key: 'ecs-autopilot:scale-max', value: '5' }],
    ...extra,
  };
}

describe('gatherScaleInventory', () => {
  beforeEach(() => {
    ecs.reset();
    autoScaling.reset();
    ecs
      .on(ListClustersCommand)
      .resolves({ clusterArns: [`${arn}:cluster/prod`, `${arn}:cluster/dev`] });
    autoScaling
      .on(DescribeScalableTargetsCommand)
      .resolves({ ScalableTargets: [{ ResourceId: 'service/prod/web-b' } as never] });
  });

  it('describes only selected services of matching clusters, with what the decision needs', async () => {
    // Prepare
    ecs.on(ListServicesCommand).resolves({
      serviceArns: [
        `${arn}:service/prod/web-a`,
        `${arn}:service/prod/web-b`,
        `${arn}:service/prod/batch`,
      ],
    });
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        service('web-a'),
        service('web-b', {
          deployments: [{ ...completed, rolloutState: 'IN_PROGRESS' }],
        }),
      ],
    });
    // Act
    const inventory = await gatherScaleInventory(config);
    // Assess
    expect(ecs.commandCalls(ListServicesCommand).map((c) => c.args[0].input.cluster)).toEqual([
      'prod',
    ]);
    expect(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input.services).toHaveLength(2);
    expect(
      inventory.services.map((s) => [
        s.target.serviceName,
        s.deploymentInProgress,
        s.managedElsewhere,
      ]),
    ).toEqual([
      ['web-a', false, false],
      ['web-b', true, true],
    ]);
    expect(inventory.services[0]?.snapshot).toEqual({
      clusterName: 'prod',
      serviceName: 'web-a',
      desiredCount: 3,
      runningCount: 2,
      primaryRunningCount: 2,
      tags: { 'ecs-autopilot:scale-max': '5' },
    });
  });

  it('counts the ready tasks of the PRIMARY deployment only during a rollout', async () => {
    // Prepare: a 200 % rollout: 4 new tasks RUNNING beside the 4 old ones.
    ecs.on(ListServicesCommand).resolves({ serviceArns: [`${arn}:service/prod/web-a`] });
    const rollout = {
      desiredCount: 4,
      runningCount: 8,
      deployments: [
        { ...completed, id: 'ecs-svc/new', rolloutState: 'IN_PROGRESS' as const, runningCount: 4 },
        { id: 'ecs-svc/old', status: 'ACTIVE', taskDefinition: 'td:1', runningCount: 4 },
      ],
    };
    ecs.on(DescribeServicesCommand).resolves({ services: [service('web-a', rollout)] });
    // Act
    const [facts] = (await gatherScaleInventory(config)).services;
    // Assess
    expect(facts?.snapshot).toMatchObject({ runningCount: 8, primaryRunningCount: 4 });
    expect(facts).toMatchObject({ primaryDeploymentId: 'ecs-svc/new', deploymentInProgress: true });
  });

  it.each([
    {
      name: 'two deployments',
      deployments: [completed, { status: 'ACTIVE', taskDefinition: 'td:1' }] as Deployment[],
      taskSets: [],
      expected: true,
    },
    {
      name: 'a single FAILED deployment (circuit breaker)',
      deployments: [{ ...completed, rolloutState: 'FAILED' as const }],
      taskSets: [],
      expected: false,
    },
    {
      name: 'a single IN_PROGRESS deployment',
      deployments: [{ ...completed, rolloutState: 'IN_PROGRESS' as const }],
      taskSets: [],
      expected: true,
    },
    {
      name: 'a primary without rollout state',
      deployments: [{ status: 'PRIMARY', taskDefinition: 'td:2' }],
      taskSets: [],
      expected: false,
    },
    {
      name: 'two task sets',
      deployments: [],
      taskSets: [{ taskDefinition: 'td:1' }, { taskDefinition: 'td:2' }],
      expected: true,
    },
  ])('sees a deployment in progress with $name: $expected', async ({
    deployments,
    taskSets,
    expected,
  }) => {
    // Prepare
    ecs.on(ListServicesCommand).resolves({ serviceArns: [`${arn}:service/prod/web-a`] });
    ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [service('web-a', { deployments, taskSets })] });
    // Act
    const inventory = await gatherScaleInventory(config);
    // Assess
    expect(inventory.services[0]?.deploymentInProgress).toBe(expected);
  });

  it('leaves out draining services and reports the ones ECS could not describe', async () => {
    // Prepare
    ecs.on(ListServicesCommand).resolves({
      serviceArns: [`${arn}:service/prod/web-a`, `${arn}:service/prod/web-gone`],
    });
    ecs.on(DescribeServicesCommand).resolves({
      services: [service('web-a', { status: 'DRAINING' })],
      failures: [{ arn: `${arn}:service/prod/web-gone`, reason: 'MISSING' }],
    });
    // Act
    const inventory = await gatherScaleInventory(config);
    // Assess
    expect(inventory.services).toEqual([]);
    expect(inventory.failures).toEqual([
      { clusterName: 'prod', service: `${arn}:service/prod/web-gone`, reason: 'MISSING' },
    ]);
  });

  it('reports a cluster it cannot list and still describes the others', async () => {
    // Prepare: two matching clusters; ListServices is denied on one.
    const twoClusters = scaleSectionSchema.parse({
      services: [
        { match: { service: 'web-*' }, max: 10, metrics: [{ kind: 'cpu', targetPercent: 50 }] },
      ],
    });
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    ecs.on(ListServicesCommand, { cluster: 'dev' }).rejects(denied);
    ecs
      .on(ListServicesCommand, { cluster: 'prod' })
      .resolves({ serviceArns: [`${arn}:service/prod/web-a`] });
    ecs.on(DescribeServicesCommand).resolves({ services: [service('web-a')] });
    // Act
    const inventory = await gatherScaleInventory(twoClusters);
    // Assess
    expect(inventory.services.map((facts) => facts.target.serviceName)).toEqual(['web-a']);
    expect(inventory.failures).toEqual([
      {
        clusterName: 'dev',
        service: '*',
        reason: expect.stringContaining('AccessDeniedException'),
      },
    ]);
  });

  it('describes an alarm’s services by name without listing the account', async () => {
    // Prepare
    ecs.on(DescribeServicesCommand).resolves({ services: [service('web-a')] });
    // Act
    const inventory = await gatherScaleInventory(config, {
      only: [
        { clusterName: 'prod', serviceName: 'web-a' },
        { clusterName: 'prod', serviceName: 'batch' },
      ],
    });
    // Assess: batch is not selected by the policy, so it is not even described.
    expect(ecs.commandCalls(ListClustersCommand)).toHaveLength(0);
    expect(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input.services).toEqual(['web-a']);
    expect(inventory.services).toHaveLength(1);
  });

  it('makes no call at all when the policy selects nothing', async () => {
    // Act
    const inventory = await gatherScaleInventory(scaleSectionSchema.parse({}));
    // Assess
    expect(inventory).toEqual({ services: [], failures: [] });
    expect(ecs.calls()).toHaveLength(0);
  });
});
