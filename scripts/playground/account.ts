/**
 * The playground's account: the scenario seeded as AWS account 111122223333 in us-east-1, the
 * account and Region the fixtures in events/ were recorded in, with the stopped tasks those
 * fixtures name (demo scenario only) and the stack `serverless invoke local` reads its queue URLs
 * from. The story, `--serve` and the tests all start it here, so they show the same account.
 */
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import type { ScenarioInput } from '../../simulator/scenario.ts';
import type { ThrottlingOptions } from '../../simulator/throttling.ts';
import { listFixtureTasks } from './fixture-tasks.ts';

export const playgroundAccountId = '111122223333';
export const playgroundRegion = 'us-east-1';
/** The stage `serverless invoke local --stage playground` resolves the stack name with. */
export const playgroundStage = 'playground';
/**
 * The roles the playground stage lets the restart function pass (serverless.yml's `playground`
 * params): the fixtures' tasks run under report-job-* roles.
 */
export const playgroundPassableRoles = 'report-job-*';
export const restartQueueName = 'ecs-autopilot-restarts';
export const deadLetterQueueName = 'ecs-autopilot-dead-letters';

export type PlaygroundAccountOptions = {
  scenario: ScenarioInput;
  /** Seed the stopped tasks of events/task-*.json (their families must be in the scenario). */
  withFixtureTasks: boolean;
  port?: number;
  throttling?: ThrottlingOptions;
};

/** Starts the simulator with the playground's account. @throws Error when the port is taken. */
export async function startPlaygroundAccount(
  options: PlaygroundAccountOptions,
): Promise<Simulator> {
  const tasks = [
    ...(options.scenario.tasks ?? []),
    ...(options.withFixtureTasks ? listFixtureTasks() : []),
  ];
  const queues = options.scenario.queues ?? [];
  // The functions need both queues; a custom scenario may not declare them.
  for (const name of [restartQueueName, deadLetterQueueName]) {
    if (!queues.some((queue) => queue.name === name)) queues.push({ name });
  }
  const sim = await startSimulator({
    scenario: { ...options.scenario, tasks, queues },
    accountId: playgroundAccountId,
    region: playgroundRegion,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.throttling === undefined ? {} : { throttling: options.throttling }),
  });
  sim.cloudFormation.defineStack(`ecs-autopilot-${playgroundStage}`, [
    {
      logicalId: 'DeadLetterQueue',
      physicalId: queueUrl(sim, deadLetterQueueName),
      type: 'AWS::SQS::Queue',
    },
    {
      logicalId: 'RestartDelayQueue',
      physicalId: queueUrl(sim, restartQueueName),
      type: 'AWS::SQS::Queue',
    },
  ]);
  return sim;
}

/** A queue's URL in the simulator, as GetQueueUrl answers it. */
export function queueUrl(sim: Simulator, name: string): string {
  return `${sim.endpoint}/${sim.account.accountId}/${name}`;
}

/** The environment a function bundle needs to run against the playground's account. */
export function bundleEnvironment(sim: Simulator, policyFile: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: sim.endpoint,
    AWS_REGION: playgroundRegion,
    AWS_ACCESS_KEY_ID: 'playground',
    AWS_SECRET_ACCESS_KEY: 'playground',
    POLICY_FILE: policyFile,
    RESTART_QUEUE_URL: queueUrl(sim, restartQueueName),
    DEAD_LETTER_QUEUE_URL: queueUrl(sim, deadLetterQueueName),
  };
}
