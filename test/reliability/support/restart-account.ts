/** The account of the restart scenarios: a batch cluster, a job family, jobs started by a launcher. */
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import type { ScenarioInput, Simulator } from '../../../simulator/index.ts';
import { plantedContainer, plantedOverrides, plantedTags } from './planted-secrets.ts';
import type { ScenarioHooks } from './scenario-hooks.ts';
import type { SimulatedAccount } from './simulated-account.ts';

export const SECURITY_GROUP = 'sg-0a1b2c3d4e5f60009';
const SUBNET = 'subnet-0a1b2c3d4e5f60001';

/** Backoff of 2 s doubling, 3 attempts, 3 RunTask retries: short enough to drain in a test. */
export const RESTART_POLICY = {
  select: [{ cluster: '*', mode: 'on-failure' }],
  network: [{ securityGroups: [SECURITY_GROUP], assignPublicIp: 'DISABLED' }],
  backoff: { initialSeconds: 2, factor: 2, maxSeconds: 60, jitterRatio: 0 },
  maxAttempts: 3,
  healthyResetAfterSeconds: 600,
  crashLoop: { maxFailures: 1000, windowSeconds: 600 },
  runTaskRetry: { maxRetries: 3 },
};

/** Clusters `batch` and `locked` and the `job` family (awsvpc, Fargate). */
export const RESTART_SCENARIO: ScenarioInput = {
  clusters: ['batch', 'locked'],
  taskDefinitions: [
    {
      family: 'job',
      networkMode: 'awsvpc',
      containers: [plantedContainer('app')],
      tags: plantedTags(),
    },
  ],
};

/** Opens the restart account under the scenario hooks. */
export function openRestartAccount(
  hooks: ScenarioHooks,
  restart: Record<string, unknown> = RESTART_POLICY,
): Promise<SimulatedAccount> {
  return hooks.open({ scenario: RESTART_SCENARIO, policy: { restart } });
}

/** Starts `count` jobs as a launcher would, with credentials in their overrides and tags. */
export async function startJobs(
  sim: Simulator,
  count: number,
  cluster = 'batch',
  tagsOf: (n: number) => Record<string, string> = () => ({}),
): Promise<string[]> {
  const ecs = new ECSClient({ endpoint: sim.endpoint, maxAttempts: 1 });
  const arns: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const answer = await ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: 'job:1',
        launchType: 'FARGATE',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [SUBNET], securityGroups: [SECURITY_GROUP] },
        },
        overrides: plantedOverrides('app'),
        tags: Object.entries(plantedTags(tagsOf(n))).map(([key, value]) => ({ key, value })),
        startedBy: 'events-rule/nightly',
      }),
    );
    arns.push(answer.tasks?.[0]?.taskArn ?? '');
  }
  sim.ecs.startTasks();
  sim.events.drain();
  return arns;
}

/** Fails every job (exit code 1) and returns its STOPPED events. */
export function failJobs(sim: Simulator, arns: readonly string[]): void {
  for (const arn of arns)
    sim.ecs.failTask(arn, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
}
