import { DescribeScalableTargetsCommand } from '@aws-sdk/client-application-auto-scaling';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type Simulator, startSimulator } from '../../simulator/index.ts';
import { createClients } from './clients.ts';

describe('simulator Application Auto Scaling and tagging', () => {
  let sim: Simulator;
  let clients: ReturnType<typeof createClients>;

  beforeEach(async () => {
    sim = await startSimulator({
      clock: createManualClock().now,
      scenario: {
        taskDefinitions: [
          {
            family: 'web',
            revisions: 2,
            tags: { team: 'web' },
            overrides: [{ revisions: [1], tags: { 'ecs-autopilot:retain': 'true' } }],
          },
          { family: 'api', revisions: 1 },
        ],
        services: [
          {
            cluster: 'prod',
            name: 'web',
            taskDefinition: 'web:2',
            tags: { team: 'web' },
            autoscaling: { min: 1, max: 4 },
          },
          { cluster: 'prod', name: 'api', taskDefinition: 'api:1' },
          {
            cluster: 'prod',
            name: 'jobs',
            taskDefinition: 'api:1',
            autoscaling: { min: 0, max: 2 },
          },
        ],
      },
    });
    clients = createClients(sim.endpoint);
  });

  afterEach(async () => {
    await sim.close();
  });

  it('describes registered scalable targets by resource id, in pages', async () => {
    // Act
    const byId = await clients.autoScaling.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: 'ecs',
        ResourceIds: ['service/prod/web', 'service/prod/api'],
      }),
    );
    const first = await clients.autoScaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', MaxResults: 1 }),
    );
    const second = await clients.autoScaling.send(
      new DescribeScalableTargetsCommand({
        ServiceNamespace: 'ecs',
        MaxResults: 1,
        NextToken: first.NextToken,
      }),
    );

    // Assess
    expect(byId.ScalableTargets).toEqual([
      expect.objectContaining({
        ResourceId: 'service/prod/web',
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 1,
        MaxCapacity: 4,
      }),
    ]);
    expect([first, second].map((page) => page.ScalableTargets?.[0]?.ResourceId)).toEqual([
      'service/prod/jobs',
      'service/prod/web',
    ]);
    expect(second.NextToken).toBeUndefined();
  });

  it('finds tagged resources by tag filter and resource type', async () => {
    // Act
    const retained = await clients.tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'ecs-autopilot:retain', Values: ['true'] }],
        ResourceTypeFilters: ['ecs:task-definition'],
      }),
    );
    const team = await clients.tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'team' }],
        ResourceTypeFilters: ['ecs:service'],
        ResourcesPerPage: 50,
      }),
    );

    // Assess
    expect(retained.ResourceTagMappingList?.map((r) => r.ResourceARN)).toEqual([
      'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    ]);
    expect(team.ResourceTagMappingList).toEqual([
      {
        ResourceARN: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web',
        Tags: [{ Key: 'team', Value: 'web' }],
      },
    ]);
    expect(team.PaginationToken).toBe('');
  });
});
