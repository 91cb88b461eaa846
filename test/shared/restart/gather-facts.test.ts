import {
  ClientException,
  DescribeTaskDefinitionCommand,
  type DescribeTaskDefinitionCommandOutput,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  gatherRestartFacts,
  readDelayedRestartDefinition,
  resetTaskDefinitionCache,
} from '../../../shared/restart/gather-facts.ts';
import { loadTask } from './policy/restart-fixtures.ts';

const ecs = mockClient(ECSClient);
const EXIT_1 = 'task-stopped-essential-exit-1-fargate';
const SPOT = 'task-stopped-spot-interruption-fargate-spot';
const TD = 'arn:aws:ecs:us-east-1:111122223333:task-definition/report-job:7';
const arn = (id: string) => `arn:aws:ecs:us-east-1:111122223333:task/batch/${id}`;
const DEFINITION: DescribeTaskDefinitionCommandOutput = {
  $metadata: {},
  taskDefinition: {
    taskDefinitionArn: TD,
    family: 'report-job',
    revision: 7,
    networkMode: 'awsvpc' as const,
    containerDefinitions: [{ name: 'app' }, { name: 'sidecar', essential: false }],
  },
};
const familyScope = { crashLoop: { maxFailures: 5, windowSeconds: 600, scope: 'family' as const } };

describe('gatherRestartFacts', () => {
  beforeEach(() => {
    ecs.reset();
    resetTaskDefinitionCache();
    process.env.AWS_REGION = 'us-east-1';
    ecs.on(DescribeTaskDefinitionCommand).resolves(DEFINITION);
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
      tasks: input.tasks.map((taskArn) => ({
        taskArn,
        tags: [{ key: 'ecs-autopilot:restart', value: 'always' }],
      })),
    }));
  });

  it('reads tags, essential containers and network mode, and caches the task definition', async () => {
    // Act
    const first = await gatherRestartFacts(loadTask(EXIT_1), familyScope);
    await gatherRestartFacts(loadTask(EXIT_1), familyScope);
    // Assess
    expect(first).toMatchObject({
      taskFound: true,
      tags: [{ key: 'ecs-autopilot:restart', value: 'always' }],
      restartTags: { mode: 'always' },
      definition: { essentialContainerNames: ['app'], networkMode: 'awsvpc' },
    });
    expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(1);
    expect(ecs.commandCalls(DescribeTasksCommand)[0]?.args[0].input.include).toEqual(['TAGS']);
  });

  it.each([
    ['MISSING', false],
    ['INTERNAL_ERROR', true],
  ])('takes a %s failure for a vanished task only when ECS says MISSING', async (reason, throws) => {
    // Prepare
    const task = loadTask(EXIT_1);
    ecs.on(DescribeTasksCommand).resolves({ tasks: [], failures: [{ arn: task.taskArn, reason }] });
    // Act
    const gathered = gatherRestartFacts(task, familyScope);
    // Assess: an unanswered describe is retried by the trigger, never a silent skip.
    if (throws) await expect(gathered).rejects.toMatchObject({ transient: true });
    else await expect(gathered).resolves.toMatchObject({ taskFound: false });
  });

  it('asks again after a failed task definition lookup', async () => {
    // Prepare
    ecs.on(DescribeTaskDefinitionCommand).rejectsOnce(new Error('boom')).resolves(DEFINITION);
    // Act
    await expect(gatherRestartFacts(loadTask(EXIT_1), familyScope)).rejects.toThrow(/boom/);
    const facts = await gatherRestartFacts(loadTask(EXIT_1), familyScope);
    // Assess
    expect(facts.definition.essentialContainerNames).toEqual(['app']);
  });

  it('counts only restarts of the same family, filtered after DescribeTasks', async () => {
    // Prepare: ListTasks cannot combine startedBy with family, so both filters apply here.
    const stoppedAt = new Date('2025-03-14T09:03:00Z');
    ecs.on(ListTasksCommand).resolves({
      taskArns: [arn('a'), arn('b'), arn('c'), arn('3f1c2a7b9d8e4f60a1b2c3d4e5f60718')],
    });
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
      tasks: input.tasks.map((taskArn) => ({
        taskArn,
        stoppedAt,
        stopCode: 'EssentialContainerExited',
        startedBy: taskArn.endsWith('/b') ? 'someone-else' : 'ecs-autopilot',
        taskDefinitionArn: taskArn.endsWith('/c') ? TD.replace('report-job', 'other') : TD,
      })),
    }));
    // Act
    const facts = await gatherRestartFacts(loadTask(EXIT_1), familyScope);
    // Assess
    expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toEqual({
      cluster: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
      desiredStatus: 'STOPPED',
      family: 'report-job',
      maxResults: 100,
    });
    expect(facts.history).toEqual([
      { taskArn: arn('a'), stoppedAt: stoppedAt.getTime(), stopCode: 'EssentialContainerExited' },
    ]);
    // The history needs no tags: only the stopped task itself is described with them.
    const history = ecs
      .commandCalls(DescribeTasksCommand)
      .find((call) => call.args[0].input.tasks?.length === 3);
    expect(history?.args[0].input.include).toBeUndefined();
  });

  it('lists the whole cluster for group scope and keeps the same group', async () => {
    // Prepare
    ecs.on(ListTasksCommand).resolves({ taskArns: [arn('a'), arn('b')] });
    ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
      tasks: input.tasks.map((taskArn) => ({
        taskArn,
        stoppedAt: new Date(),
        startedBy: 'ecs-autopilot',
        group: taskArn.endsWith('/a') ? 'family:report-job' : 'family:other',
      })),
    }));
    const scope = { crashLoop: { ...familyScope.crashLoop, scope: 'group' as const } };
    // Act
    const facts = await gatherRestartFacts(loadTask(EXIT_1), scope);
    // Assess
    expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).not.toHaveProperty('family');
    expect(facts.history.map((h) => h.taskArn)).toEqual([arn('a')]);
  });

  it('skips the history for a capacity loss, keeping RunTask one round trip away', async () => {
    // Act
    const facts = await gatherRestartFacts(loadTask(SPOT), familyScope);
    // Assess
    expect(facts.historyRead).toBe(false);
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(0);
  });

  it('reports a task ECS no longer knows', async () => {
    // Prepare
    ecs
      .on(DescribeTasksCommand)
      .resolves({ tasks: [], failures: [{ arn: 'x', reason: 'MISSING' }] });
    // Act
    const facts = await gatherRestartFacts(loadTask(EXIT_1), familyScope);
    // Assess
    expect(facts).toMatchObject({ taskFound: false, tags: [] });
  });

  it("reads the stop from ECS's own record: exit codes, container reasons, stop code", async () => {
    // Prepare: DescribeTasks answers with the containers as ECS recorded them.
    const task = loadTask(EXIT_1);
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: task.taskArn,
          stopCode: 'EssentialContainerExited',
          stoppedReason: 'Essential container in task exited',
          containers: [
            { name: 'app', exitCode: 0 },
            { name: 'sidecar', exitCode: 137, reason: 'OutOfMemoryError: Container killed' },
            { name: 'init' },
          ],
        },
      ],
    });
    // Act
    const facts = await gatherRestartFacts(task, familyScope);
    // Assess
    expect(facts.describedStop).toEqual({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'app', exitCode: 0 },
        { name: 'sidecar', exitCode: 137, reason: 'OutOfMemoryError: Container killed' },
        { name: 'init' },
      ],
    });
  });

  it.each([
    ['15 pages of stopped tasks: reads 10 pages, 1,000 tasks, and says it stopped', 15, 10, true],
    ['3 pages: reads them all', 3, 3, false],
  ])('bounds the history scan: %s', async (_name, pages, read, truncated) => {
    // Prepare: ListTasks answers `pages` pages of 100 stopped tasks of the family.
    ecs.on(ListTasksCommand).callsFake((input: { nextToken?: string }) => {
      const page = Number(input.nextToken ?? '0');
      return {
        taskArns: Array.from({ length: 100 }, (_, i) => arn(`${page}-${i}`)),
        ...(page + 1 < pages ? { nextToken: String(page + 1) } : {}),
      };
    });
    // Act
    const facts = await gatherRestartFacts(loadTask(EXIT_1), familyScope);
    // Assess: `read` ListTasks calls and as many history DescribeTasks, plus the stopped task's.
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(read);
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(read + 1);
    expect(facts.historyTruncated).toBe(truncated);
  });
});

describe('readDelayedRestartDefinition', () => {
  beforeEach(() => {
    ecs.reset();
    resetTaskDefinitionCache();
    process.env.AWS_REGION = 'us-east-1';
  });

  it("reads the revision's roles", async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: { ...DEFINITION.taskDefinition, taskRoleArn: 'job-task' },
    });
    await expect(readDelayedRestartDefinition(TD)).resolves.toMatchObject({
      taskRoleArn: 'job-task',
    });
  });

  it('says why ECS will not describe a deleted revision, instead of failing the delivery', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(
        new ClientException({ message: 'Unable to describe task definition.', $metadata: {} }),
      );
    await expect(readDelayedRestartDefinition(TD)).resolves.toEqual({
      unreadable: expect.stringMatching(/^DescribeTaskDefinition: ClientException: /),
    });
  });

  it('lets a throttled read fail the delivery, so SQS delivers it again', async () => {
    ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(readDelayedRestartDefinition(TD)).rejects.toMatchObject({ kind: 'throttled' });
  });
});
