/**
 * The playground's story: the three chapters run through the real bundles on the playground's
 * account, under simulated time, with what happened recorded for the HTML report.
 */
import type { Simulator } from '../../simulator/index.ts';
import { buildFunctions } from '../build.ts';
import { bundleEnvironment, startPlaygroundAccount } from './account.ts';
import type { PlaygroundInputs } from './check-inputs.ts';
import { runPruneChapter } from './prune-chapter.ts';
import { createRecord, type PlaygroundRecord } from './record.ts';
import { runRestartChapter } from './restart-chapter.ts';
import { runScaleChapter } from './scale-chapter.ts';
import { showAccount } from './show-account.ts';
import { installSimulatedTime, type SimulatedTime } from './simulated-time.ts';
import { colours, explainTimeColumn } from './timeline.ts';

export type StoryOptions = { scenarioFile: string; policyFile: string; demo: boolean };

/** Runs the story and returns what it recorded. @throws Error when a bundle fails. */
export async function runStory(
  inputs: PlaygroundInputs,
  options: StoryOptions,
): Promise<PlaygroundRecord> {
  const started = performance.now();
  await buildFunctions({ quiet: true });
  // Before the simulator starts: its clock is the Date.now it finds, and must be the simulated one.
  const time = installSimulatedTime();
  try {
    // ECS's real throttle buckets, 20 times faster (and the functions' pacer with them).
    const sim = await startPlaygroundAccount({
      scenario: inputs.scenario,
      withFixtureTasks: options.demo,
      throttling: { enabled: true, timeFactor: 20 },
    });
    try {
      return await tell(sim, time, inputs, options, started);
    } finally {
      await sim.close();
    }
  } finally {
    time.uninstall();
  }
}

async function tell(
  sim: Simulator,
  time: SimulatedTime,
  inputs: PlaygroundInputs,
  options: StoryOptions,
  started: number,
): Promise<PlaygroundRecord> {
  Object.assign(process.env, bundleEnvironment(sim, options.policyFile), {
    PACING_TIME_FACTOR: '20',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const record = createRecord(options.scenarioFile, options.policyFile);
  const context = { policy: inputs.policy, record };
  console.log(
    colours.bold('ecs-autopilot playground'),
    colours.dim(
      `(simulated AWS at ${sim.endpoint}, account ${sim.account.accountId}, scenario ${options.scenarioFile}, policy ${options.policyFile})`,
    ),
  );
  explainTimeColumn();
  showAccount(sim);
  await runPruneChapter(sim, inputs.policy, record);
  await runRestartChapter(sim, time, context);
  await runScaleChapter(sim, time, context);
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
  return record;
}
