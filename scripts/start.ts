/**
 * `npm start [-- SCENARIO.yml [POLICY.yml]]`: the playground. Builds the function bundles, starts
 * the simulated AWS account, and drives a short story through the real bundles: revisions are
 * pruned, a failing job is restarted until its crash loop is stopped, a service scales out and in.
 */
import { fileURLToPath } from 'node:url';
import { simulatorEnvironment } from '../simulator/environment.ts';
import { startSimulator } from '../simulator/index.ts';
import { buildFunctions } from './build.ts';
import { runPruneChapter } from './playground/prune-chapter.ts';
import { restartQueueName, runRestartChapter } from './playground/restart-chapter.ts';
import { runScaleChapter } from './playground/scale-chapter.ts';
import { showAccount } from './playground/show-account.ts';
import { installSimulatedTime } from './playground/simulated-time.ts';
import { colours } from './playground/timeline.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const [scenario = here('../simulator/scenarios/demo.yml'), policy = here('playground/policy.yml')] =
  process.argv.slice(2);

const started = performance.now();
await buildFunctions({ quiet: true });
const time = installSimulatedTime();
// ECS's real throttle buckets, 20 times faster (and the functions' pacer with them).
const sim = await startSimulator({ scenario, throttling: { enabled: true, timeFactor: 20 } });
Object.assign(process.env, simulatorEnvironment(sim.endpoint), {
  POLICY_FILE: policy,
  PACING_TIME_FACTOR: '20',
  RESTART_QUEUE_URL: `${sim.endpoint}/${sim.account.accountId}/${restartQueueName}`,
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

try {
  console.log(
    colours.bold('ecs-autopilot playground'),
    colours.dim(`(simulated AWS at ${sim.endpoint}, scenario ${scenario})`),
  );
  showAccount(sim);
  await runPruneChapter(sim);
  await runRestartChapter(sim, time);
  await runScaleChapter(sim, time);
  showAccount(sim, 'The account afterwards');
  const audit = sim.account.putEvents.reduce<Record<string, number>>((counts, event) => {
    counts[event.detailType] = (counts[event.detailType] ?? 0) + 1;
    return counts;
  }, {});
  console.log(`\n${colours.bold('Audit events on the bus:')} ${JSON.stringify(audit)}`);
  console.log(
    colours.dim(
      `${(time.elapsedMs() / 60_000).toFixed(1)} simulated minutes in ${((performance.now() - started) / 1000).toFixed(1)} s; ${sim.calls.all.length} AWS calls, ${sim.calls.throttled()} throttled`,
    ),
  );
} finally {
  await sim.close();
  time.uninstall();
}
