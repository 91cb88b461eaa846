/**
 * Reaction to a load step with sub-minute evaluations: the built scale-services bundle in one warm
 * container, invoked every simulated minute (its schedule) with `evaluationIntervalSeconds: 20`,
 * against the simulator; beside it, in the same run and on the same steps, the model of target
 * tracking on standard (60-s) and high-resolution (20-s) datapoints. Two loads: a queue's backlog
 * (read straight from SQS by ours) and the service's CPU (ECS's 20-second metric for ours). Time
 * from the load step to UpdateService, over seeded random phases of the minute.
 */
import { type Simulator, startSimulator } from '../simulator/index.ts';
import {
  scaleOutTime,
  targetTrackingDefaults,
  targetTrackingHighResolution,
} from './baselines/target-tracking.ts';
import type { Figure, Section } from './report/figures.ts';
import { percentile, round } from './report/figures.ts';
import { loadEvent } from './support/bench-events.ts';
import { functionEnvironment, startFunctionChild } from './support/child-process.ts';
import {
  averageOver,
  cpuPercent,
  planReactionSteps,
  type ReactionStep,
  reactionSteps as steps,
} from './support/reaction-steps.ts';
import {
  createWarpedClock,
  startTimeWarp,
  warpEnvironment,
  warpedTime,
} from './support/time-warp.ts';

const cluster = 'web';
const minuteMs = 60_000;
const queueService = (k: number) => `queue-${k}`;
const cpuService = (k: number) => `cpu-${k}`;
const workAt = (stepAt: number) => (at: number) =>
  at >= stepAt ? steps.workAfter : steps.workBefore;

// biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder, filled per service
const queueName = '${service}-jobs';
const policy = {
  scale: {
    evaluationIntervalSeconds: 20,
    services: [
      {
        match: { cluster, service: 'queue-*' },
        min: 1,
        max: 20,
        metrics: [{ kind: 'sqs-backlog', queueName, targetPerTask: steps.messagesPerTask }],
      },
      {
        match: { cluster, service: 'cpu-*' },
        min: 1,
        max: 20,
        metrics: [{ kind: 'cpu', targetPercent: steps.targetPercent, periodSeconds: 20 }],
        // The tasks ran since before the run: no start-up period to set them aside.
        readiness: { cpuStartupPeriodSeconds: 0, readinessDelaySeconds: 0 },
      },
    ],
  },
};

export type SubMinuteReaction = { section: Section };

/** The simulated account: a queue-driven and a CPU-driven service per step, 4 tasks each. */
async function openAccount(clock: () => number): Promise<Simulator> {
  const names = Array.from({ length: steps.count }, (_, k) => [
    queueService(k),
    cpuService(k),
  ]).flat();
  const sim = await startSimulator({
    clock,
    scenario: {
      clusters: [cluster],
      taskDefinitions: [{ family: 'app', revisions: 1 }],
      services: names.map((name) => ({
        cluster,
        name,
        taskDefinition: 'app',
        desiredCount: steps.tasks,
      })),
      queues: Array.from({ length: steps.count }, (_, k) => ({ name: `${queueService(k)}-jobs` })),
    },
  });
  sim.ecs.startTasks();
  return sim;
}

/** The desired count of a service at a time, from its UpdateService history. */
function tasksAt(sim: Simulator, name: string) {
  const service = [...sim.account.services.values()].find((s) => s.name === name);
  return (at: number) =>
    (service?.desiredCountChanges ?? []).reduce<number>(
      (count, change) => (change.at <= at ? change.to : count),
      steps.tasks,
    );
}

/** Sets each step's load: the queue's backlog from its instant, the CPU metric every 20 s. */
function placeSteps(sim: Simulator, stepAt: (step: ReactionStep) => number): void {
  for (const step of planReactionSteps()) {
    const at = stepAt(step);
    const queue = `${queueService(step.index)}-jobs`;
    sim.sqs.setBacklog(queue, { visible: steps.tasks * steps.messagesPerTask });
    // At the target before the step, 1.8 times it after: 80 messages, then 144.
    const after = Math.ceil(
      (steps.tasks * steps.messagesPerTask * steps.workAfter) / steps.workBefore,
    );
    sim.sqs.setBacklog(queue, { visible: after }, at);
    const tasks = tasksAt(sim, cpuService(step.index));
    const service = [...sim.account.services.values()].find(
      (s) => s.name === cpuService(step.index),
    );
    const cpu = (t: number) => cpuPercent(workAt(at)(t), tasks(t));
    sim.cloudwatch.defineMetric(
      {
        namespace: 'AWS/ECS',
        metricName: 'CPUUtilization',
        dimensions: { ClusterName: cluster, ServiceName: cpuService(step.index) },
      },
      // A 20-s datapoint is the period's average, published once the period is over.
      (start) =>
        averageOver(start, start + 20_000, cpu, [
          at,
          ...(service?.desiredCountChanges ?? []).map((c) => c.at),
        ]),
      { everyMs: 20_000, availableAfterMs: 20_000 },
    );
  }
}

/** Seconds from each step to its service's first scale-out. */
function measuredReactions(
  sim: Simulator,
  name: (k: number) => string,
  stepAt: (s: ReactionStep) => number,
) {
  return planReactionSteps().flatMap((step) => {
    const service = [...sim.account.services.values()].find((s) => s.name === name(step.index));
    const at = stepAt(step);
    const change = service?.desiredCountChanges?.find((c) => c.at >= at && c.to > steps.tasks);
    return change === undefined ? [] : [(change.at - at) / 1000];
  });
}

/** Target tracking's reaction to each step, at a datapoint period. */
function modelledReactions(periodSeconds: number, datapoints: number): number[] {
  const target = steps.targetPercent;
  return planReactionSteps().flatMap((step) => {
    const at = step.offsetMs;
    const cpu = (t: number) => cpuPercent(workAt(at)(t), steps.tasks);
    const fired = scaleOutTime({
      stepAtMs: at,
      periodSeconds,
      datapoints,
      target,
      averageOver: (start, end) => averageOver(start, end, cpu, [at]),
    });
    return fired === undefined ? [] : [(fired - at) / 1000];
  });
}

/** Runs the measurement; throws only when the harness breaks. */
export async function measureSubMinuteReaction(factor: number): Promise<SubMinuteReaction> {
  const warp = startTimeWarp(factor);
  const sim = await openAccount(createWarpedClock(warp));
  try {
    // The run's first minute starts on a whole minute, two minutes out (time for the container).
    const start = (Math.ceil(warpedTime(warp) / minuteMs) + 2) * minuteMs;
    const stepAt = (step: ReactionStep) => start + step.offsetMs;
    placeSteps(sim, stepAt);
    const child = await startFunctionChild(
      'scale-services',
      functionEnvironment(sim.endpoint, policy, {
        PACING_TIME_FACTOR: String(factor),
        ...warpEnvironment(warp, false),
      }),
    );
    const minutes = Math.ceil((steps.spacingSeconds * steps.count) / 60) + 3;
    let evaluations = 0;
    for (let minute = 0; minute <= minutes; minute += 1) {
      // EventBridge's schedule fires about half a second into the minute.
      const wait = (start + minute * minuteMs + 500 - warpedTime(warp)) / factor;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const run = await child.invoke(loadEvent('scheduled-event-scale.json'), 55_000);
      if (!run.ok) throw new Error(`scale invocation at minute ${minute} failed: ${run.error}`);
      evaluations += 1 + ((run.result as { subTicks?: unknown[] }).subTicks?.length ?? 0);
      sim.reconcile();
      sim.ecs.startTasks();
    }
    await child.close();
    const ours = {
      queue: measuredReactions(sim, queueService, stepAt),
      cpu: measuredReactions(sim, cpuService, stepAt),
    };
    const standard = modelledReactions(
      targetTrackingDefaults.periodSeconds,
      targetTrackingDefaults.scaleOut.datapoints,
    );
    const highResolution = modelledReactions(
      targetTrackingHighResolution.periodSeconds,
      targetTrackingHighResolution.scaleOut.datapoints,
    );
    return { section: buildSection({ ours, standard, highResolution, factor, sim, evaluations }) };
  } finally {
    await sim.close();
  }
}

function buildSection(input: {
  ours: { queue: number[]; cpu: number[] };
  standard: number[];
  highResolution: number[];
  factor: number;
  sim: Simulator;
  evaluations: number;
}): Section {
  const { ours, standard, highResolution } = input;
  const p = (values: number[], q: number) => {
    const value = percentile(values, q);
    return value === undefined ? undefined : round(value, 1);
  };
  const mine = (label: string, values: number[]): Figure[] => [
    {
      name: `ours, ${label}: p50`,
      value: p(values, 50),
      unit: 's',
      digits: 1,
      target: { op: '<=', value: 30 },
    },
    {
      name: `ours, ${label}: p90`,
      value: p(values, 90),
      unit: 's',
      digits: 1,
      target: { op: '<=', value: 45 },
    },
    {
      name: `ours, ${label}: steps that scaled out`,
      value: values.length,
      target: { op: '==', value: steps.count },
    },
  ];
  const calls = input.sim.calls.byAction();
  const perEvaluation = (action: string) => round((calls[action] ?? 0) / input.evaluations, 2);
  return {
    id: 'reaction-sub-minute',
    title: 'Reaction to a load step within the minute',
    method: [
      `${steps.count} load steps per load, each on its own service of ${steps.tasks} tasks at its target, at a phase of the minute drawn uniformly (pure-rand xoroshiro128+, seed ${steps.seed}); the work rises to ${steps.workAfter / steps.workBefore}× the target (bench/support/reaction-steps.ts).`,
      `Ours: the built scale-services bundle, one warm container, invoked every simulated minute half a second past it with evaluationIntervalSeconds 20 and the function's 55-s budget; the simulator and the function's Date and waits run ${input.factor}× the wall clock. Queue load: the backlog set in the queue at the step instant, read with GetQueueAttributes. CPU load: ECS's 20-second CPUUtilization (monitoring configuration resolutionSeconds 20), each datapoint the average of its period, readable when the period ends.`,
      'Target tracking: the model of bench/baselines/target-tracking.ts on the same steps, its alarm firing on 3 datapoints above the target in a row, of 60 s (standard) or 20 s (ECSServiceAverageCPUUtilizationHighResolution), each readable when its period ends; for the queue AWS offers no predefined metric, so the same datapoints stand for a backlog-per-task metric of your own.',
      'Reaction: from the step instant to UpdateService (ours: the simulator’s record of the call; target tracking: the datapoint that completes the alarm). Neither is charged CloudWatch’s publication delay, which AWS does not document and which would add the same to both on CPU (AWS measured 363 s at 60 s and 86 s at 20 s from a load spike to the trigger, in its announcement of the 20-second metrics); ours reads the queue without it.',
    ],
    figures: [
      ...mine('queue backlog', ours.queue),
      ...mine('CPU (20-s ECS metric)', ours.cpu),
      {
        name: 'target tracking, 60-s datapoints: p50',
        value: p(standard, 50),
        unit: 's',
        digits: 1,
      },
      {
        name: 'target tracking, 60-s datapoints: p90',
        value: p(standard, 90),
        unit: 's',
        digits: 1,
      },
      {
        name: 'target tracking, 20-s datapoints: p50',
        value: p(highResolution, 50),
        unit: 's',
        digits: 1,
      },
      {
        name: 'target tracking, 20-s datapoints: p90',
        value: p(highResolution, 90),
        unit: 's',
        digits: 1,
      },
      {
        name: 'GetMetricData calls per evaluation',
        value: perEvaluation('GetMetricData'),
        note: `${steps.count * 2} services`,
      },
      {
        name: 'GetQueueAttributes calls per evaluation',
        value: perEvaluation('GetQueueAttributes'),
        note: `${steps.count} queues`,
      },
      { name: 'DescribeServices calls per evaluation', value: perEvaluation('DescribeServices') },
      {
        name: 'AWS calls per evaluation',
        value: round(Object.values(calls).reduce((sum, n) => sum + n, 0) / input.evaluations, 2),
        note: Object.keys(calls)
          .sort((a, b) => (calls[b] ?? 0) - (calls[a] ?? 0))
          .map((action) => `${action} ${perEvaluation(action)}`)
          .join(', '),
      },
    ],
    comparison: {
      columns: [
        'load',
        'ours p50',
        'ours p90',
        'TT 60-s p50',
        'TT 60-s p90',
        'TT 20-s p50',
        'TT 20-s p90',
      ],
      rows: (['queue backlog', 'CPU'] as const).map((load) => {
        const values = load === 'CPU' ? ours.cpu : ours.queue;
        const cell = (v: number | undefined) => (v === undefined ? '—' : `${v} s`);
        return [
          load,
          cell(p(values, 50)),
          cell(p(values, 90)),
          cell(p(standard, 50)),
          cell(p(standard, 90)),
          cell(p(highResolution, 50)),
          cell(p(highResolution, 90)),
        ];
      }),
    },
    details: { ours, standard, highResolution, evaluations: input.evaluations, calls },
  };
}
