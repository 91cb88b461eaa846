/**
 * Reaction to a load step (bench/support/load-step.ts): how long after the load rises each scaler
 * adds tasks, and how long after it falls it removes them, in simulated seconds on one clock.
 *
 * Ours is measured: the built scale-services bundle in one warm container, invoked every simulated
 * minute on the minute (its EventBridge schedule, rate(1 minute)), against the simulator with the
 * service's CPU in CloudWatch; the clock runs `factor` times the wall clock for both (the simulator
 * and the function's `Date` and pacer). Target tracking is the model in target-tracking.ts, fed the
 * same one-minute datapoints. At minute k both have seen the datapoints of minutes 0 to k-1 and act
 * then, so neither is charged a publication delay or an evaluation phase.
 */
import { startSimulator } from '../../simulator/index.ts';
import { loadEvent } from '../support/bench-events.ts';
import { functionEnvironment, startFunctionChild } from '../support/child-process.ts';
import { cpuAt, loadFallsAt, loadRisesAt, loadStep } from '../support/load-step.ts';
import {
  createWarpedClock,
  startTimeWarp,
  warpEnvironment,
  warpedTime,
} from '../support/time-warp.ts';
import { type ScalingActivity, simulateTargetTracking } from './target-tracking.ts';

const minuteMs = 60_000;

/** When a scaler first scaled out after the rise and in after the fall. */
export type Reaction = {
  /** Seconds from the rise to the first scale-out, and the count it set. */
  scaleOut: { afterSeconds: number; to: number } | undefined;
  /** Seconds from the fall to the first scale-in, and the count it set. */
  scaleIn: { afterSeconds: number; to: number } | undefined;
  /** Every change: minute (on the minute it takes effect) and count. */
  changes: { minute: number; count: number }[];
};

export type ReactionOutcome = { ours: Reaction; targetTracking: Reaction; factor: number };

/** Reads the first scale-out after the rise and scale-in after the fall from a count history. */
export function reactionOf(changes: readonly { minute: number; count: number }[]): Reaction {
  let count: number = loadStep.tasks;
  let scaleOut: Reaction['scaleOut'];
  let scaleIn: Reaction['scaleIn'];
  for (const change of changes) {
    if (change.count > count && change.minute > loadRisesAt && scaleOut === undefined) {
      scaleOut = { afterSeconds: (change.minute - loadRisesAt) * 60, to: change.count };
    }
    if (change.count < count && change.minute > loadFallsAt && scaleIn === undefined) {
      scaleIn = { afterSeconds: (change.minute - loadFallsAt) * 60, to: change.count };
    }
    count = change.count;
  }
  return { scaleOut, scaleIn, changes: [...changes] };
}

/** Target tracking on the load step; an activity at minute m's datapoint takes effect at m + 1. */
export function modelTargetTracking(): Reaction {
  const activities: ScalingActivity[] = simulateTargetTracking({
    target: loadStep.targetPercent,
    capacity: loadStep.tasks,
    min: loadStep.min,
    max: loadStep.max,
    minutes: loadStep.minutes,
    metricAt: cpuAt,
  });
  return reactionOf(activities.map((a) => ({ minute: a.minute + 1, count: a.to })));
}

const policy = {
  scale: {
    services: [
      {
        match: { cluster: loadStep.cluster, service: loadStep.service },
        min: loadStep.min,
        max: loadStep.max,
        metrics: [{ kind: 'cpu', targetPercent: loadStep.targetPercent }],
      },
    ],
  },
};

/** Measures ours and models target tracking; throws only when the harness breaks. */
export async function measureReactionTime(factor: number): Promise<ReactionOutcome> {
  const warp = startTimeWarp(factor);
  const sim = await startSimulator({
    scenario: {
      clusters: [loadStep.cluster],
      taskDefinitions: [{ family: loadStep.service, revisions: 1 }],
      services: [
        {
          cluster: loadStep.cluster,
          name: loadStep.service,
          taskDefinition: loadStep.service,
          desiredCount: loadStep.tasks,
        },
      ],
    },
    clock: createWarpedClock(warp),
  });
  try {
    sim.ecs.startTasks();
    // Minute 0 starts on a whole minute (CloudWatch's buckets), with time for the container.
    const start = (Math.ceil(warpedTime(warp) / minuteMs) + 2) * minuteMs;
    /** Tasks in effect during each minute, from the counts the ticks left. */
    const counts: number[] = [loadStep.tasks];
    const tasksDuring = (minute: number) =>
      counts[Math.min(Math.max(0, minute), counts.length - 1)];
    // The datapoint a read at minute k sees last is the minute that just ended, k - 1.
    sim.cloudwatch.defineMetric(
      {
        namespace: 'AWS/ECS',
        metricName: 'CPUUtilization',
        dimensions: { ClusterName: loadStep.cluster, ServiceName: loadStep.service },
      },
      (atMs) => {
        const minute = Math.round((atMs - start) / minuteMs) - 1;
        return cpuAt(minute, tasksDuring(minute) ?? loadStep.tasks);
      },
    );
    const child = await startFunctionChild(
      'scale-services',
      functionEnvironment(sim.endpoint, policy, {
        PACING_TIME_FACTOR: String(factor),
        ...warpEnvironment(warp, false),
      }),
    );
    const changes: { minute: number; count: number }[] = [];
    for (let minute = 1; minute <= loadStep.minutes; minute += 1) {
      const wait = (start + minute * minuteMs - warpedTime(warp)) / factor;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const run = await child.invoke(loadEvent('scheduled-event-scale.json'), 55_000);
      if (!run.ok) throw new Error(`scale tick at minute ${minute} failed: ${run.error}`);
      sim.reconcile();
      sim.ecs.startTasks();
      sim.reconcile();
      const count = [...sim.account.services.values()][0]?.desiredCount ?? loadStep.tasks;
      if (count !== counts.at(-1)) changes.push({ minute, count });
      counts[minute] = count;
    }
    await child.close();
    return { ours: reactionOf(changes), targetTracking: modelTargetTracking(), factor };
  } finally {
    await sim.close();
  }
}
