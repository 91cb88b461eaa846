import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { clientConfig } from './clients.ts';

let sim: Simulator;
let cloudFormation: CloudFormationClient;

beforeAll(async () => {
  sim = await startSimulator({ scenario: { queues: [{ name: 'dead-letters' }] } });
  cloudFormation = new CloudFormationClient(clientConfig(sim.endpoint));
});

afterAll(() => sim.close());

describe('simulated CloudFormation (query protocol)', () => {
  it("lists a defined stack's resources with their physical ids, as invoke local reads them", async () => {
    // Prepare
    const url = `${sim.endpoint}/123456789012/dead-letters`;
    sim.cloudFormation.defineStack('ecs-autopilot-playground', [
      { logicalId: 'DeadLetterQueue', physicalId: url, type: 'AWS::SQS::Queue' },
    ]);

    // Act
    const listed = await cloudFormation.send(
      new ListStackResourcesCommand({ StackName: 'ecs-autopilot-playground' }),
    );

    // Assess
    expect(listed.StackResourceSummaries).toEqual([
      expect.objectContaining({
        LogicalResourceId: 'DeadLetterQueue',
        PhysicalResourceId: url,
        ResourceType: 'AWS::SQS::Queue',
        ResourceStatus: 'CREATE_COMPLETE',
      }),
    ]);
    expect(sim.calls.count({ service: 'cloudformation', action: 'ListStackResources' })).toBe(1);
  });

  it('answers an unknown stack with ValidationError, as AWS does', async () => {
    // Act
    const listing = cloudFormation.send(new ListStackResourcesCommand({ StackName: 'nope' }));

    // Assess
    await expect(listing).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'Stack with id nope does not exist',
    });
  });
});
