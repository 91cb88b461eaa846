/**
 * `npm start -- --serve`: the playground's account, kept up on a fixed port, and the exact
 * commands that read it or invoke the functions on it (the CLI, and `serverless invoke local` with
 * the fixtures in events/). Nothing reaches AWS: every client goes to AWS_ENDPOINT_URL.
 */
import { relative } from 'node:path';
import type { Simulator } from '../../simulator/index.ts';
import {
  playgroundPassableRoles,
  playgroundRegion,
  playgroundStage,
  startPlaygroundAccount,
} from './account.ts';
import type { PlaygroundInputs } from './check-inputs.ts';
import { colours } from './timeline.ts';

export type ServeOptions = { policyFile: string; port: number; demo: boolean };

/** The commands that work against a served account, from the project folder. */
export function servedCommands(endpoint: string, policyFile: string): string[] {
  const policy = relative(process.cwd(), policyFile) || policyFile;
  const invoke = (fn: string, event: string, extra = '') =>
    `npx serverless invoke local --stage ${playgroundStage} --function ${fn} --path ${event} -e POLICY_FILE=${policy}${extra}`;
  return [
    `export AWS_ENDPOINT_URL=${endpoint} AWS_REGION=${playgroundRegion} AWS_ACCESS_KEY_ID=playground AWS_SECRET_ACCESS_KEY=playground PASSABLE_ROLE_NAMES='${playgroundPassableRoles}'`,
    `npx ecs-autopilot plan prune --policy ${policy}`,
    `npx ecs-autopilot plan scale --policy ${policy}`,
    `npx ecs-autopilot explain events/task-stopped-essential-exit-1-fargate.json --policy ${policy}`,
    invoke('pruneTaskDefinitions', 'events/scheduled-event-prune.json', ' -e DRY_RUN=true'),
    invoke('scaleServices', 'events/scheduled-event-scale.json'),
    invoke('restartTask', 'events/task-stopped-essential-exit-1-fargate.json'),
  ];
}

/**
 * Starts the account and keeps it up until SIGINT or SIGTERM. Services converge and tasks move on
 * with the wall clock (a control-loop step every 5 s).
 *
 * @returns the exit status once stopped. @throws Error when the port is taken.
 */
export async function serve(inputs: PlaygroundInputs, options: ServeOptions): Promise<number> {
  let sim: Simulator;
  try {
    sim = await startPlaygroundAccount({
      scenario: inputs.scenario,
      withFixtureTasks: options.demo,
      port: options.port,
    });
  } catch (error) {
    const busy = (error as { code?: string }).code === 'EADDRINUSE';
    if (!busy) throw error;
    throw new Error(
      `port ${options.port} is taken: pass --port with another one (0 picks a free port)`,
    );
  }
  const { account } = sim;
  console.log(
    `${colours.bold("The playground's account is up")} at ${sim.endpoint}: account ${account.accountId}, ${account.region}, ` +
      `${account.taskDefinitions.size} task definitions, ${account.services.size} services, ${account.tasks.size} tasks. Ctrl-C stops it.`,
  );
  console.log(colours.dim('In another terminal, from the project folder:'));
  for (const command of servedCommands(sim.endpoint, options.policyFile))
    console.log(`  ${command}`);
  console.log(
    colours.dim(
      '`invoke local` runs the built bundle with these variables; the prune one is a dry run.',
    ),
  );
  const ticker = setInterval(() => sim.reconcile(), 5_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(ticker);
  console.log(`\n${sim.calls.all.length} calls answered; the account is gone.`);
  await sim.close();
  return 0;
}
