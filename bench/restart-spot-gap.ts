/**
 * The Spot gap: from a Fargate Spot task's stop to its replacement RUNNING, when the restart
 * function replaces it on ECS's interruption warning (this project's path) and when it waits for
 * the STOPPED event (the path before it), measured beside each other. The built restart-task
 * bundle in one warm container; the simulator on a manual clock that the benchmark moves in
 * 1-second steps, with a task start-up of 10 s PROVISIONING and 13 s PENDING.
 */
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { createManualClock, type Simulator, startSimulator } from '../simulator/index.ts';
import type { Figure, Section } from './report/figures.ts';
import { percentile, round } from './report/figures.ts';
import { functionEnvironment, startFunctionChild } from './support/child-process.ts';
import { restartPolicy } from './support/restart-streams.ts';

const SG = 'sg-0a1b2c3d4e5f60009';
const interruptions = 10;
/**
 * RunTask to RUNNING: AWS's own measurement of its 20-second metrics (86 s from a load spike to
 * the scale-out trigger, 109 s to the tasks provisioned) leaves 23 s between the two, which the
 * simulator splits into 10 s PROVISIONING and 13 s PENDING.
 */
const startup = { provisioningMs: 10_000, pendingMs: 13_000 };

type Path = 'on-warning' | 'after-stop';
type Gap = {
  gapSeconds: number;
  runTaskAfterMs: number;
  outcomes: string[];
  /** Tasks of the interrupted task's lineage started by the function. */
  replacements: number;
};

/** Task definitions whose container gives itself the default 30 s, or AWS's maximum 120 s. */
const jobs = [
  { family: 'job-120', stopTimeout: 120 },
  { family: 'job-30', stopTimeout: 30 },
];

export type SpotGapOutcome = { section: Section };

/** Runs the measurement; throws only when the harness breaks. */
export async function measureSpotGap(): Promise<SpotGapOutcome> {
  const clock = createManualClock();
  const sim = await startSimulator({
    clock: clock.now,
    settings: { taskStartup: startup },
    scenario: {
      clusters: ['batch'],
      taskDefinitions: jobs.map(({ family, stopTimeout }) => ({
        family,
        revisions: 1,
        networkMode: 'awsvpc',
        containers: [{ name: 'app', image: 'example/job', essential: true, stopTimeout }],
      })),
      queues: [{ name: 'restart-delay' }, { name: 'restart-dlq' }],
    },
  });
  try {
    const queue = (name: string) => `${sim.endpoint}/${sim.account.accountId}/${name}`;
    const child = await startFunctionChild(
      'restart-task',
      functionEnvironment(sim.endpoint, restartPolicy, {
        RESTART_QUEUE_URL: queue('restart-delay'),
        DEAD_LETTER_QUEUE_URL: queue('restart-dlq'),
        PACING_TIME_FACTOR: '1000',
      }),
    );
    const ecs = new ECSClient({
      endpoint: sim.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'operator', secretAccessKey: 'operator' },
    });
    const gaps: Record<string, Gap[]> = {};
    // Warm-up: the first invocation loads the policy and builds the clients.
    await interrupt({ sim, clock, ecs, child, family: 'job-30', path: 'after-stop' });
    for (const { family } of jobs) {
      for (const path of ['on-warning', 'after-stop'] as const) {
        const key = `${family} ${path}`;
        gaps[key] = [];
        for (let i = 0; i < interruptions; i += 1) {
          gaps[key]?.push(await interrupt({ sim, clock, ecs, child, family, path }));
        }
      }
    }
    await child.close();
    return { section: buildSection(gaps) };
  } finally {
    await sim.close();
  }
}

/**
 * One interruption of a fresh Spot task: the warning, delivered to the function or not (`path`);
 * then the clock moves a second at a time until both the task stopped (its STOPPED event is then
 * delivered) and its replacement runs.
 */
async function interrupt(options: {
  sim: Simulator;
  clock: ReturnType<typeof createManualClock>;
  ecs: ECSClient;
  child: Awaited<ReturnType<typeof startFunctionChild>>;
  family: string;
  path: Path;
}): Promise<Gap> {
  const { sim, clock, ecs, child } = options;
  const started = await ecs.send(
    new RunTaskCommand({
      cluster: 'batch',
      taskDefinition: `${options.family}:1`,
      capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: [SG] },
      },
      startedBy: 'events-rule/nightly',
    }),
  );
  const arn = started.tasks?.[0]?.taskArn ?? '';
  sim.ecs.startTasks();
  clock.advance(600_000);
  sim.events.drain();
  sim.ecs.interruptSpotTask(arn);
  const outcomes: string[] = [];
  let runTaskAfterMs = 0;
  const deliver = async (event: unknown) => {
    const run = await child.invoke(event, 30_000);
    if (!run.ok) throw new Error(`restart-task failed: ${run.error}`);
    const result = run.result as { action: string; reason: string };
    outcomes.push(`${result.action}/${result.reason}`);
    if (run.runTaskAfterMs !== undefined && result.action === 'restarted') {
      runTaskAfterMs = run.runTaskAfterMs;
    }
  };
  const [warning] = sim.events.drain();
  if (options.path === 'on-warning') await deliver(warning);
  const replacement = () =>
    [...sim.account.tasks.values()].find((task) =>
      task.tags.some(
        (tag) => tag.key === 'ecs-autopilot:lineage' && tag.value === arn.split('/').pop(),
      ),
    );
  for (let second = 0; second < 300; second += 1) {
    clock.advance(1_000);
    sim.reconcile();
    const stopped = sim.events
      .drain()
      .filter(
        (e) =>
          (e.detail as { taskArn?: string; lastStatus?: string }).taskArn === arn &&
          (e.detail as { lastStatus?: string }).lastStatus === 'STOPPED',
      );
    for (const event of stopped) await deliver(event);
    const old = sim.account.tasks.get(arn);
    if (old?.lastStatus === 'STOPPED' && replacement()?.lastStatus === 'RUNNING') break;
  }
  const stoppedAt = sim.account.tasks.get(arn)?.stoppedAt ?? Number.NaN;
  const runningAt = replacement()?.startedAt ?? Number.NaN;
  // The manual clock stands still during an invocation: the function's own latency to RunTask is
  // added from its process's measurement.
  const lineage = arn.split('/').pop();
  const replacements = [...sim.account.tasks.values()].filter((task) =>
    task.tags.some((tag) => tag.key === 'ecs-autopilot:lineage' && tag.value === lineage),
  ).length;
  return {
    gapSeconds: (runningAt + runTaskAfterMs - stoppedAt) / 1000,
    runTaskAfterMs,
    outcomes,
    replacements,
  };
}

function buildSection(gaps: Record<string, Gap[]>): Section {
  const figures: Figure[] = [];
  for (const { family, stopTimeout } of jobs) {
    for (const path of ['on-warning', 'after-stop'] as const) {
      const values = (gaps[`${family} ${path}`] ?? []).map((g) => g.gapSeconds);
      const label = `stopTimeout ${stopTimeout} s, replaced ${path === 'on-warning' ? 'on the warning' : 'after the STOPPED event'}`;
      figures.push(
        {
          name: `${label}: stop → replacement RUNNING p50`,
          value: round(percentile(values, 50) ?? Number.NaN, 1),
          unit: 's',
          digits: 1,
          ...(path === 'on-warning' && stopTimeout === 120
            ? { target: { op: '<=', value: 0 } as const }
            : {}),
        },
        { name: `${label}: max`, value: round(Math.max(...values), 1), unit: 's', digits: 1 },
      );
    }
  }
  const all = Object.values(gaps).flat();
  const onWarning = Object.entries(gaps)
    .filter(([key]) => key.endsWith('on-warning'))
    .flatMap(([, list]) => list);
  figures.push(
    {
      name: 'replacements per interruption (most)',
      value: Math.max(...all.map((g) => g.replacements)),
      target: { op: '==', value: 1 },
      note: 'tasks of the interrupted lineage the function started, on either path',
    },
    {
      name: 'STOPPED events after a warning recognised as replaced-before-stop',
      value: onWarning.filter((g) => g.outcomes[1] === 'duplicate/replaced-before-stop').length,
      target: { op: '==', value: onWarning.length },
      note: 'the same warm container handled the warning, so it remembers the clientToken',
    },
  );
  return {
    id: 'restart-spot-gap',
    title: 'Fargate Spot: the gap between the stop and the replacement',
    method: [
      `Per task definition (its container's stopTimeout 120 s, AWS's maximum, or the default 30 s) and path, ${interruptions} Fargate Spot tasks interrupted one after another; the built restart-task bundle in one warm container (after a warm-up), restartPolicy of the restart benchmarks (spotFallback FARGATE_SPOT → FARGATE).`,
      'Simulator on a manual clock moved 1 s at a time, reconciling every second: the warning at once (RUNNING, desiredStatus STOPPED, SpotInterruption), the stop when the container’s stopTimeout ends (the two-minute warning at most); a new task spends 10 s PROVISIONING and 13 s PENDING (23 s: AWS’s 109 − 86 s from scale-out trigger to tasks provisioned, in its announcement of ECS’s 20-second metrics).',
      '“On the warning”: the warning event and later the STOPPED event are delivered; “after the STOPPED event”: only the STOPPED event, as before this project handled warnings. EventBridge’s delivery latency is not modelled (the same for both paths); the function’s own latency to RunTask (from its process) is added.',
      'Gap: replacement RUNNING (startedAt) minus the interrupted task’s stoppedAt; below 0 the two overlap.',
    ],
    figures,
    details: { gaps },
  };
}
