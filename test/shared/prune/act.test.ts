import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  ECSClient,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { executePrunePlan, type PruneExecutionOptions } from '../../../shared/prune/act.ts';
import { planOf, refsUpTo } from './policy/prune-fixtures.ts';

const ecs = mockClient(ECSClient);
const arn = (ref: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${ref}`;
const plenty: PruneExecutionOptions = { remainingMs: () => 60_000, waitTimeMs: () => 0 };
const throttling = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' });

const sentDeregistrations = () =>
  ecs
    .commandCalls(DeregisterTaskDefinitionCommand)
    .map((call) => call.args[0].input.taskDefinition);

describe('executePrunePlan', () => {
  beforeEach(() => {
    ecs.reset();
    ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    ecs.on(DeleteTaskDefinitionsCommand).callsFake((input) => ({
      taskDefinitions: (input.taskDefinitions ?? []).map((ref: string) => ({
        taskDefinitionArn: arn(ref),
      })),
      failures: [],
    }));
  });

  it.each([
    ['dry-run', { dryRun: true }],
    ['partial-inventory', { reason: 'partial-inventory' as const }],
    ['guard-refused', { reason: 'guard-refused' as const }],
  ])('sends nothing for a %s plan', async (skipped, changes) => {
    // Prepare
    const plan = planOf({ deregister: refsUpTo('app', 3), delete: refsUpTo('old', 3), ...changes });

    // Act
    const execution = await executePrunePlan(plan, plenty);

    // Assess
    expect(execution.skipped).toBe(skipped);
    expect(ecs.calls()).toHaveLength(0);
  });

  it('deregisters one by one in plan order and counts already-inactive as done', async () => {
    ecs
      .on(DeregisterTaskDefinitionCommand, { taskDefinition: 'app:2' })
      .rejects(new ClientException({ message: 'The task definition is INACTIVE', $metadata: {} }));

    const execution = await executePrunePlan(planOf({ deregister: refsUpTo('app', 3) }), plenty);

    expect(sentDeregistrations()).toEqual(['app:1', 'app:2', 'app:3']);
    expect(execution).toMatchObject({
      deregistered: ['app:1', 'app:2', 'app:3'],
      alreadyInactive: 1,
      failures: [],
    });
  });

  it('deletes 10 a call and reports each refused revision', async () => {
    ecs
      .on(DeleteTaskDefinitionsCommand, { taskDefinitions: refsUpTo('old', 25).slice(20) })
      .resolves({
        taskDefinitions: [{ taskDefinitionArn: arn('old:21') }],
        failures: [{ arn: arn('old:22'), reason: 'TASK_DEFINITION_IN_USE' }],
      });

    const execution = await executePrunePlan(planOf({ delete: refsUpTo('old', 25) }), plenty);

    const batches = ecs.commandCalls(DeleteTaskDefinitionsCommand);
    expect(batches.map((call) => call.args[0].input.taskDefinitions?.length)).toEqual([10, 10, 5]);
    expect(execution.deleted).toHaveLength(21);
    expect(execution.failures).toEqual([
      { ref: 'old:22', action: 'delete', reason: 'TASK_DEFINITION_IN_USE' },
    ]);
  });

  it('runs deletions while deregistrations are still in progress', async () => {
    // Prepare: the first deregistration only completes once a deletion has been sent.
    let deleteSent: () => void = () => undefined;
    const deleting = new Promise<void>((resolve) => {
      deleteSent = resolve;
    });
    ecs.on(DeregisterTaskDefinitionCommand).callsFake(async () => {
      await deleting;
      return {};
    });
    ecs.on(DeleteTaskDefinitionsCommand).callsFake(() => {
      deleteSent();
      return { taskDefinitions: [], failures: [] };
    });

    // Act
    const execution = await executePrunePlan(
      planOf({ deregister: refsUpTo('app', 2), delete: refsUpTo('old', 2) }),
      plenty,
    );

    // Assess
    expect(execution.deregistered).toEqual(['app:1', 'app:2']);
  });

  it('stops before a call that could not finish within the time budget', async () => {
    // Prepare: 3.5 s left, each call uses one second, one second is kept for the call itself.
    let left = 3_500;
    const options: PruneExecutionOptions = {
      remainingMs: () => left,
      waitTimeMs: (command) => (command === 'DeleteTaskDefinitionsCommand' ? 5_000 : 0),
    };
    ecs.on(DeregisterTaskDefinitionCommand).callsFake(() => {
      left -= 1_000;
      return {};
    });

    // Act
    const execution = await executePrunePlan(
      planOf({ deregister: refsUpTo('app', 5), delete: refsUpTo('old', 3) }),
      options,
    );

    // Assess
    expect(execution.deregistered).toEqual(['app:1', 'app:2', 'app:3']);
    expect(ecs.commandCalls(DeleteTaskDefinitionsCommand)).toHaveLength(0);
    expect(execution.stoppedByTimeBudget).toBe(true);
  });

  it('keeps going after a refusal but leaves the rest to the next run after throttling', async () => {
    ecs
      .on(DeregisterTaskDefinitionCommand, { taskDefinition: 'app:1' })
      .rejects(new ClientException({ message: 'Access denied to app:1', $metadata: {} }))
      .on(DeregisterTaskDefinitionCommand, { taskDefinition: 'app:3' })
      .rejects(throttling());

    const execution = await executePrunePlan(planOf({ deregister: refsUpTo('app', 5) }), plenty);

    expect(sentDeregistrations()).toEqual(['app:1', 'app:2', 'app:3']);
    expect(execution).toMatchObject({
      deregistered: ['app:2'],
      stoppedByTransientError: true,
      failures: [
        { ref: 'app:1', action: 'deregister', reason: 'ClientException' },
        { ref: 'app:3', action: 'deregister', reason: 'ThrottlingException' },
      ],
    });
  });

  it('reports every revision of a delete call that failed as a whole', async () => {
    ecs.on(DeleteTaskDefinitionsCommand).rejects(throttling());

    const execution = await executePrunePlan(planOf({ delete: refsUpTo('old', 12) }), plenty);

    expect(ecs.commandCalls(DeleteTaskDefinitionsCommand)).toHaveLength(1);
    expect(execution.failures.map((failure) => failure.ref)).toEqual(refsUpTo('old', 10));
    expect(execution.stoppedByTransientError).toBe(true);
  });
});
