import { DescribeTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type EventBridgeEvent,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

const network = { awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: ['sg-1'] } };

describe('simulator Fargate Spot interruption and task start-up time', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let ecs: ReturnType<typeof createClients>['ecs'];

  beforeEach(async () => {
    clock = createManualClock();
    sim = await startSimulator({
      clock: clock.now,
      settings: { taskStartup: { provisioningMs: 10_000, pendingMs: 13_000 } },
      scenario: {
        clusters: ['batch'],
        taskDefinitions: [
          { family: 'job', networkMode: 'awsvpc', containers: [{ name: 'app', image: 'job' }] },
          {
            family: 'patient',
            networkMode: 'awsvpc',
            containers: [{ name: 'app', image: 'job', stopTimeout: 120 }],
          },
        ],
      },
    });
    ecs = createClients(sim.endpoint).ecs;
  });

  afterEach(async () => {
    await sim.close();
  });

  async function runOnSpot(family: string): Promise<string> {
    const answer = await ecs.send(
      new RunTaskCommand({
        cluster: 'batch',
        taskDefinition: family,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: network,
      }),
    );
    sim.ecs.startTasks();
    sim.events.drain();
    return answer.tasks?.[0]?.taskArn ?? '';
  }

  const details = (events: EventBridgeEvent[]) =>
    events.map((e) => e.detail as Record<string, unknown>);

  it('warns with RUNNING, desiredStatus STOPPED and SpotInterruption, then stops after stopTimeout', async () => {
    // Prepare
    const arn = await runOnSpot('job');
    // Act
    const stopsAt = sim.ecs.interruptSpotTask(arn);
    const warning = details(sim.events.drain());
    clock.advance(29_000);
    sim.reconcile();
    const before = details(sim.events.drain());
    clock.advance(1_000);
    sim.reconcile();
    const stopped = details(sim.events.drain());
    // Assess: the warning, as AWS documents it; the stop 30 s later (the default stopTimeout).
    expect(stopsAt - (clock.now() - 30_000)).toBe(30_000);
    expect(warning).toEqual([
      expect.objectContaining({
        lastStatus: 'RUNNING',
        desiredStatus: 'STOPPED',
        stopCode: 'SpotInterruption',
        stoppedReason: 'Your Spot Task was interrupted.',
        capacityProviderName: 'FARGATE_SPOT',
      }),
    ]);
    expect(warning[0]).not.toHaveProperty('stoppingAt');
    expect(before).toEqual([]);
    expect(stopped).toEqual([
      expect.objectContaining({ lastStatus: 'STOPPED', stopCode: 'SpotInterruption' }),
    ]);
    expect(stopped[0]?.containers).toEqual([expect.objectContaining({ exitCode: 137 })]);
  });

  it('shows the warned task in DescribeTasks as RUNNING with desiredStatus STOPPED', async () => {
    // Prepare
    const arn = await runOnSpot('job');
    sim.ecs.interruptSpotTask(arn);
    // Act
    const described = await ecs.send(new DescribeTasksCommand({ cluster: 'batch', tasks: [arn] }));
    // Assess
    expect(described.tasks?.[0]).toMatchObject({
      lastStatus: 'RUNNING',
      desiredStatus: 'STOPPED',
      stopCode: 'SpotInterruption',
    });
  });

  it('gives a container with stopTimeout 120 the whole two minutes, and one that exits sooner 143', async () => {
    // Prepare
    const patient = await runOnSpot('patient');
    const quick = await runOnSpot('job');
    // Act
    const patientStops = sim.ecs.interruptSpotTask(patient);
    const quickStops = sim.ecs.interruptSpotTask(quick, { exitAfterSeconds: 5 });
    clock.advance(120_000);
    sim.reconcile();
    // Assess
    expect(patientStops - clock.now()).toBe(0);
    expect(quickStops - clock.now()).toBe(-115_000);
    expect(sim.account.tasks.get(quick)?.containers[0]?.exitCode).toBe(143);
    expect(sim.account.tasks.get(patient)?.lastStatus).toBe('STOPPED');
  });

  it('refuses to interrupt a task that does not run on FARGATE_SPOT', async () => {
    // Prepare
    const answer = await ecs.send(
      new RunTaskCommand({
        cluster: 'batch',
        taskDefinition: 'job',
        launchType: 'FARGATE',
        networkConfiguration: network,
      }),
    );
    sim.ecs.startTasks();
    // Assess
    expect(() => sim.ecs.interruptSpotTask(answer.tasks?.[0]?.taskArn ?? '')).toThrow(
      /FARGATE_SPOT/,
    );
  });

  it('takes the configured start-up time from RunTask to RUNNING', async () => {
    // Prepare
    const answer = await ecs.send(
      new RunTaskCommand({
        cluster: 'batch',
        taskDefinition: 'job',
        launchType: 'FARGATE',
        networkConfiguration: network,
      }),
    );
    const task = sim.account.tasks.get(answer.tasks?.[0]?.taskArn ?? '');
    const statusAfter = (ms: number) => {
      clock.advance(ms);
      sim.reconcile();
      return task?.lastStatus;
    };
    // Assess: PROVISIONING 10 s, PENDING 13 s more.
    expect(statusAfter(9_999)).toBe('PROVISIONING');
    expect(statusAfter(1)).toBe('PENDING');
    expect(statusAfter(12_999)).toBe('PENDING');
    expect(statusAfter(1)).toBe('RUNNING');
  });
});
