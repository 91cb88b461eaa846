import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  InvalidParameterException,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

const register = (family: string) =>
  new RegisterTaskDefinitionCommand({
    family,
    containerDefinitions: [{ name: 'app', image: 'nginx', essential: true }],
    tags: [{ key: 'team', value: 'web' }],
  });

describe('simulator task definitions', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let ecs: ReturnType<typeof createClients>['ecs'];

  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({
      clock: clock.now,
      scenario: {
        clusters: ['prod'],
        taskDefinitions: [
          { family: 'app', revisions: 3, oldestAge: '40d', newestAge: '1d' },
          { family: 'app-worker', revisions: 2 },
        ],
      },
    });
    ecs = createClients(sim.endpoint).ecs;
  });

  afterEach(async () => {
    await sim.close();
  });

  it('numbers revisions per family', async () => {
    // Act
    const fourth = await ecs.send(register('app'));
    const first = await ecs.send(register('brand-new'));

    // Assess
    expect(fourth.taskDefinition?.revision).toBe(4);
    expect(fourth.taskDefinition?.taskDefinitionArn).toBe(
      'arn:aws:ecs:us-east-1:123456789012:task-definition/app:4',
    );
    expect(first.taskDefinition?.revision).toBe(1);
    expect(fourth.tags).toEqual([{ key: 'team', value: 'web' }]);
  });

  it('keeps seeded registration ages and returns tags only when asked', async () => {
    // Act
    const plain = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'app:1' }));
    const tagged = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'app', include: ['TAGS'] }),
    );

    // Assess
    expect(plain.taskDefinition?.registeredAt?.getTime()).toBe(clock.now() - 40 * 86_400_000);
    expect(plain.tags).toBeUndefined();
    expect(tagged.taskDefinition?.revision).toBe(3);
    expect(tagged.tags).toEqual([]);
  });

  it('treats familyPrefix as a prefix and pages with nextToken', async () => {
    // Act
    const first = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'app', maxResults: 3 }),
    );
    const second = await ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: 'app',
        maxResults: 3,
        nextToken: first.nextToken,
      }),
    );

    // Assess
    expect(first.taskDefinitionArns?.map((arn) => arn.split('/')[1])).toEqual([
      'app:1',
      'app:2',
      'app:3',
    ]);
    expect(second.taskDefinitionArns?.map((arn) => arn.split('/')[1])).toEqual([
      'app-worker:1',
      'app-worker:2',
    ]);
    expect(second.nextToken).toBeUndefined();
  });

  it('does not shift pages when revisions are deregistered while listing', async () => {
    // Prepare
    const first = await ecs.send(new ListTaskDefinitionsCommand({ maxResults: 2 }));

    // Act
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'app:1' }));
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'app:2' }));
    const second = await ecs.send(
      new ListTaskDefinitionsCommand({ maxResults: 2, nextToken: first.nextToken }),
    );

    // Assess
    expect(second.taskDefinitionArns?.map((arn) => arn.split('/')[1])).toEqual([
      'app:3',
      'app-worker:1',
    ]);
  });

  it('sorts DESC newest first and lists families', async () => {
    // Act
    const desc = await ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: 'app-', sort: 'DESC' }),
    );
    const families = await ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: 'app' }));

    // Assess
    expect(desc.taskDefinitionArns?.map((arn) => arn.split('/')[1])).toEqual([
      'app-worker:2',
      'app-worker:1',
    ]);
    expect(families.families).toEqual(['app', 'app-worker']);
  });

  it('deregisters to INACTIVE, idempotently, and INACTIVE revisions cannot run tasks', async () => {
    // Act
    const first = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'app:2' }));
    clock.advance(5_000);
    const again = await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'app:2' }));
    const run = ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'app:2' }));

    // Assess
    expect(first.taskDefinition?.status).toBe('INACTIVE');
    expect(again.taskDefinition?.deregisteredAt).toEqual(first.taskDefinition?.deregisteredAt);
    await expect(run).rejects.toBeInstanceOf(ClientException);
    const inactive = await ecs.send(new ListTaskDefinitionsCommand({ status: 'INACTIVE' }));
    expect(inactive.taskDefinitionArns).toHaveLength(1);
  });

  it('deletes only INACTIVE revisions, reporting the others as failures', async () => {
    // Prepare
    await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'app:1' }));

    // Act
    const result = await ecs.send(
      new DeleteTaskDefinitionsCommand({ taskDefinitions: ['app:1', 'app:3', 'nope:1'] }),
    );

    // Assess
    expect(result.taskDefinitions?.map((td) => [td.revision, td.status])).toEqual([
      [1, 'DELETE_IN_PROGRESS'],
    ]);
    expect(result.failures?.map((failure) => failure.arn)).toEqual(['app:3', 'nope:1']);
    const run = ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'app:1' }));
    await expect(run).rejects.toBeInstanceOf(ClientException);
  });

  it('rejects more than 10 revisions per delete call', async () => {
    // Act
    const call = ecs.send(
      new DeleteTaskDefinitionsCommand({
        taskDefinitions: Array.from({ length: 11 }, (_, i) => `app:${i + 1}`),
      }),
    );

    // Assess
    await expect(call).rejects.toBeInstanceOf(InvalidParameterException);
  });

  it('removes a deleted revision after a while unless something still uses it', async () => {
    // Prepare
    await ecs.send(new RunTaskCommand({ cluster: 'prod', taskDefinition: 'app:1' }));
    for (const revision of ['app:1', 'app:2']) {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: revision }));
    }
    await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['app:1', 'app:2'] }));

    // Act
    clock.advance(120_000);
    const deleting = await ecs.send(
      new ListTaskDefinitionsCommand({ status: 'DELETE_IN_PROGRESS' }),
    );

    // Assess
    expect(deleting.taskDefinitionArns?.map((arn) => arn.split('/')[1])).toEqual(['app:1']);
    const gone = ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'app:2' }));
    await expect(gone).rejects.toBeInstanceOf(ClientException);
  });
});
