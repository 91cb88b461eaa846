/**
 * Starts the simulator for manual use and prints its endpoint:
 *   ./node_modules/.bin/node simulator/main.ts [scenario.yml] [--port 4566]
 * Then point the AWS CLI or SDK at it with AWS_ENDPOINT_URL. Ctrl-C stops it.
 */
import { fileURLToPath } from 'node:url';
import { startSimulator } from './index.ts';

const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex === -1 ? 0 : Number(args[portIndex + 1]);
const scenario =
  args.find((arg, index) => !arg.startsWith('--') && index !== portIndex + 1) ??
  fileURLToPath(new URL('scenarios/demo.yml', import.meta.url));

const sim = await startSimulator({ scenario, port });
const { account } = sim;
console.log(`simulated AWS listening on ${sim.endpoint} (scenario ${scenario})`);
console.log(
  `  ${account.clusters.size} clusters, ${account.taskDefinitions.size} task definitions, ` +
    `${account.services.size} services, ${account.tasks.size} tasks, ${account.queues.size} queues`,
);
console.log(`  export AWS_ENDPOINT_URL=${sim.endpoint} AWS_REGION=${account.region}`);
console.log('  AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=y (any credentials are accepted)');

// Services converge and tasks advance on wall-clock time while it runs.
const ticker = setInterval(() => sim.reconcile(), 5_000);
process.once('SIGINT', () => {
  clearInterval(ticker);
  console.log(`\n${sim.calls.all.length} calls answered`);
  void sim.close().then(() => process.exit(0));
});
