import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

// What the scaler reads about tasks and rollouts: task health from container health checks,
// per-deployment counts during a rollout, a rollout the circuit breaker failed, and per-task
// Container Insights series.
describe('simulator scaling signals', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let clients: ReturnType<typeof createClients>;

  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({
      clock: clock.now,
      scenario: {
        taskDefinitions: [
          { family: 'plain', revisions: 2 },
          {
            family: 'checked',
            containers: [
              {
                name: 'app',
                image: 'example/app',
                healthCheck: { command: ['CMD', 'true'], interval: 10 },
              },
            ],
          },
        ],
        services: [
          { cluster: 'prod', name: 'plain', taskDefinition: 'plain:2', desiredCount: 2 },
          { cluster: 'prod', name: 'checked', taskDefinition: 'checked', desiredCount: 1 },
          { cluster: 'prod', name: 'failed', taskDefinition: 'plain:2', rolloutState: 'FAILED' },
        ],
      },
    });
    clients = createClients(sim.endpoint);
  });

  afterEach(async () => {
    await sim.close();
  });

  const describeService = async (name: string) =>
    (await clients.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [name] })))
      .services?.[0];
  const describeServiceTasks = async (name: string) => {
    const { taskArns = [] } = await clients.ecs.send(
      new ListTasksCommand({ cluster: 'prod', serviceName: name }),
    );
    const { tasks = [] } = await clients.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: taskArns }),
    );
    return tasks;
  };

  it('reports UNKNOWN health without a health check, and HEALTHY once the first check passed', async () => {
    // Prepare: a new task of the checked service, started now.
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'checked', desiredCount: 2 }),
    );
    sim.reconcile();
    sim.ecs.startTasks();
    // Act
    const starting = await describeServiceTasks('checked');
    clock.advance(10_000);
    const checked = await describeServiceTasks('checked');
    const plain = await describeServiceTasks('plain');
    // Assess: the seeded task is healthy already; the new one after its 10 s interval.
    expect(starting.map((t) => t.healthStatus).sort()).toEqual(['HEALTHY', 'UNKNOWN']);
    expect(checked.map((t) => t.healthStatus)).toEqual(['HEALTHY', 'HEALTHY']);
    expect(plain.map((t) => t.healthStatus)).toEqual(['UNKNOWN', 'UNKNOWN']);
    expect(checked.every((t) => t.startedAt instanceof Date)).toBe(true);
  });

  it('reports a pinned UNHEALTHY status', async () => {
    const [task] = [...sim.account.tasks.values()].filter((t) => t.serviceArn?.endsWith('/plain'));
    sim.ecs.setTaskHealth(task?.arn ?? '', 'UNHEALTHY');
    const tasks = await describeServiceTasks('plain');
    expect(tasks.map((t) => t.healthStatus).sort()).toEqual(['UNHEALTHY', 'UNKNOWN']);
  });

  it('counts each deployment’s own tasks during a rollout, old and new tasks starting with their deployment ID', async () => {
    // Prepare: a new revision; its two tasks start beside the two old ones (200 %).
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'plain', taskDefinition: 'plain:1' }),
    );
    sim.reconcile();
    sim.ecs.startTasks();
    // Act
    const service = await describeService('plain');
    const tasks = await describeServiceTasks('plain');
    // Assess
    const [primary, old] = service?.deployments ?? [];
    expect(service?.runningCount).toBe(4);
    expect(primary).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      runningCount: 2,
    });
    expect(old).toMatchObject({ status: 'ACTIVE', runningCount: 2 });
    expect(tasks.filter((t) => t.startedBy === primary?.id)).toHaveLength(2);
    expect(tasks.filter((t) => t.startedBy === old?.id)).toHaveLength(2);
  });

  it('keeps a failed rollout FAILED, with a single deployment, and launches no task for it', async () => {
    // Act
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'failed', desiredCount: 3 }),
    );
    sim.reconcile();
    const service = await describeService('failed');
    // Assess
    expect(service?.deployments).toHaveLength(1);
    expect(service?.deployments?.[0]).toMatchObject({
      rolloutState: 'FAILED',
      rolloutStateReason: expect.stringContaining('circuit breaker'),
    });
    expect(service).toMatchObject({ runningCount: 1, pendingCount: 0 });
  });

  it('fails a rollout in progress on request, as the circuit breaker does', async () => {
    const arn = sim.account.services.values().next().value?.arn ?? '';
    sim.ecs.failRollout(arn);
    const service = await describeService('plain');
    expect(service?.deployments?.[0]?.rolloutState).toBe('FAILED');
  });

  it('answers per-task Container Insights metrics by TaskId, and nothing for a silent task', async () => {
    // Prepare
    sim.cloudwatch.defineMetricFamily(
      { namespace: 'ECS/ContainerInsights', metricName: 'CpuUtilized' },
      (dimensions) => (dimensions.TaskId === 'quiet' ? undefined : 128),
    );
    const query = (id: string, taskId: string) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'ECS/ContainerInsights',
          MetricName: 'CpuUtilized',
          Dimensions: [
            { Name: 'ClusterName', Value: 'prod' },
            { Name: 'ServiceName', Value: 'plain' },
            { Name: 'TaskId', Value: taskId },
          ],
        },
        Period: 60,
        Stat: 'Average',
      },
    });
    clock.advance(180_000);
    // Act
    const result = await clients.cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [query('busy', 'abc'), query('silent', 'quiet')],
        StartTime: new Date(clock.now() - 180_000),
        EndTime: new Date(clock.now()),
      }),
    );
    // Assess
    const [busy, silent] = result.MetricDataResults ?? [];
    expect(busy?.Values?.length).toBeGreaterThan(0);
    expect(busy?.Values?.every((v) => v === 128)).toBe(true);
    expect(silent?.Values).toEqual([]);
  });
});
