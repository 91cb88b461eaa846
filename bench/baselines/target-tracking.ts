/**
 * Baseline: a model of ECS Service Auto Scaling (Application Auto Scaling) target tracking on one
 * metric, minute by minute, for the reaction-time comparison. Pure: no clock, no I/O.
 *
 * What AWS does, and where it says so:
 * - Target tracking creates and manages two CloudWatch alarms per policy (Application Auto Scaling
 *   User Guide, "Target tracking scaling policies"). On an ECS service they read the metric at a
 *   60-second period: the high alarm goes to ALARM on 3 datapoints out of 3 above the target, the
 *   low alarm on 15 out of 15 below 90 % of it. These are the alarms AWS creates and shows in the
 *   console ("CPUUtilization > 30 for 3 datapoints within 3 minutes", "CPUUtilization < 27 for 15
 *   datapoints within 15 minutes" for a 30 % target on an ECS Fargate service, AWS workshop "Lab 3:
 *   Scaling and Security", `aws cloudwatch describe-alarms`;
 *   hashicorp/terraform-provider-aws#42553 for the 60-second period), and they cannot be changed
 *   (aws-cloudformation/cloudformation-coverage-roadmap#2353).
 * - "Scales out proportionally to the metric as fast as it can, but scales in more gradually",
 *   "removing capacity only when utilization passes a threshold that is far enough below the target
 *   value (usually more than 10% lower)", rounding so as never to add too little or remove too much,
 *   and never scaling in on INSUFFICIENT_DATA (the same page).
 * - Auto Scaling alarm actions, unlike others, are invoked again every period the alarm stays in
 *   ALARM (CloudWatch User Guide, "Alarm actions").
 * - Cooldowns default to 300 s for ECS services, scale-out and scale-in alike (Application Auto
 *   Scaling API Reference, TargetTrackingScalingPolicyConfiguration; AWS CDK BaseTargetTrackingProps).
 *   A scale-in waits for the scale-in cooldown. A scale-out within the scale-out cooldown goes ahead
 *   only when it asks for more than the capacity already added; here the metric already reflects
 *   that capacity (tasks start at once), so the proportional count never double-counts it and the
 *   scale-out cooldown never holds anything back.
 *
 * Not modelled: the metric's publication delay, the alarm's evaluation phase and the time the
 * policy takes to act; the measured scaler is given none of them either.
 */

/** The alarms and cooldowns target tracking uses for an ECS service. */
export const targetTrackingDefaults = {
  periodSeconds: 60,
  scaleOut: { datapoints: 3, thresholdOfTarget: 1 },
  scaleIn: { datapoints: 15, thresholdOfTarget: 0.9 },
  scaleOutCooldownSeconds: 300,
  scaleInCooldownSeconds: 300,
} as const;

/** One scaling activity of the model. */
export type ScalingActivity = {
  /** Minutes from the start: the activity happens at the end of this minute's datapoint. */
  minute: number;
  direction: 'out' | 'in';
  from: number;
  to: number;
};

export type TargetTrackingInput = {
  /** The policy's target value (a percentage for CPU utilization). */
  target: number;
  /** Desired count at minute 0. */
  capacity: number;
  min: number;
  max: number;
  /** How many one-minute datapoints to run. */
  minutes: number;
  /**
   * The datapoint of minute `minute` (the metric over that minute) when the service ran
   * `capacity` tasks during it; undefined for a missing datapoint.
   */
  metricAt: (minute: number, capacity: number) => number | undefined;
};

const scaleInCooldownMinutes = targetTrackingDefaults.scaleInCooldownSeconds / 60;

/** Whether the last `count` datapoints exist and all satisfy `breaching`. */
function lastBreach(
  datapoints: readonly (number | undefined)[],
  count: number,
  breaching: (value: number) => boolean,
): boolean {
  if (datapoints.length < count) return false;
  return datapoints
    .slice(-count)
    .every((value) => value !== undefined && Number.isFinite(value) && breaching(value));
}

/**
 * Runs the policy over `minutes` datapoints, with the capacity it sets feeding back into the
 * metric, and returns its scaling activities in order.
 */
export function simulateTargetTracking(input: TargetTrackingInput): ScalingActivity[] {
  const { target, min, max } = input;
  const { scaleOut, scaleIn } = targetTrackingDefaults;
  const datapoints: (number | undefined)[] = [];
  const activities: ScalingActivity[] = [];
  let capacity = input.capacity;
  let lastScaleIn = Number.NEGATIVE_INFINITY;
  for (let minute = 0; minute < input.minutes; minute += 1) {
    const value = input.metricAt(minute, capacity);
    datapoints.push(value);
    if (value === undefined) continue;
    // Proportional to the metric, rounded up: never too little capacity, never too much removed.
    const proportional = Math.min(max, Math.max(min, Math.ceil((capacity * value) / target)));
    const high = lastBreach(datapoints, scaleOut.datapoints, (v) => v > target);
    const low = lastBreach(
      datapoints,
      scaleIn.datapoints,
      (v) => v < target * scaleIn.thresholdOfTarget,
    );
    if (high && proportional > capacity) {
      activities.push({ minute, direction: 'out', from: capacity, to: proportional });
      capacity = proportional;
    } else if (low && proportional < capacity) {
      const cooling = minute - lastScaleIn < scaleInCooldownMinutes;
      if (!cooling) {
        activities.push({ minute, direction: 'in', from: capacity, to: proportional });
        capacity = proportional;
        lastScaleIn = minute;
      }
    }
  }
  return activities;
}

/**
 * Target tracking on ECS's high-resolution service metrics: "By default, Amazon ECS publishes
 * CPUUtilization and MemoryUtilization metrics at 60-second resolution. You can configure
 * 20-second resolution to drive faster service auto scaling", with the predefined metric types
 * `ECSServiceAverageCPUUtilizationHighResolution` / `…MemoryUtilizationHighResolution` ("Faster
 * auto scaling with high-resolution metrics", Amazon ECS Developer Guide). AWS does not document
 * the alarms it creates for them; the model keeps the standard alarm's 3 datapoints above target,
 * at 20 s each, which matches AWS's announcement (86 s from a load spike to the scale-out trigger,
 * against 363 s at 60 s: 3 × 20 s plus publication and evaluation). EC2 Auto Scaling's
 * high-resolution target tracking takes periods down to 10 s ("Create a target tracking policy
 * using high-resolution metrics", EC2 Auto Scaling User Guide); ECS's predefined metrics are 20 s.
 */
export const targetTrackingHighResolution = {
  periodSeconds: 20,
  scaleOut: { datapoints: 3, thresholdOfTarget: 1 },
} as const;

/**
 * When target tracking's scale-out alarm fires after a load step, in simulated ms: datapoints of
 * `periodSeconds` aligned to the epoch (CloudWatch's periods), each the metric's average over its
 * period (`averageOver`), available at the end of its period plus `publicationDelayMs`; the alarm
 * goes to ALARM with the datapoint that makes `datapoints` in a row above the target, and the
 * policy acts then. Not modelled: the time the policy's activity takes to call UpdateService.
 *
 * @returns the epoch ms of the scale-out, or undefined when none happens within `horizonMs`.
 */
export function scaleOutTime(options: {
  stepAtMs: number;
  periodSeconds: number;
  datapoints: number;
  target: number;
  averageOver: (startMs: number, endMs: number) => number;
  publicationDelayMs?: number;
  horizonMs?: number;
}): number | undefined {
  const periodMs = options.periodSeconds * 1000;
  const first = Math.floor(options.stepAtMs / periodMs) * periodMs - periodMs * options.datapoints;
  const last = options.stepAtMs + (options.horizonMs ?? 3_600_000);
  let run = 0;
  for (let start = first; start < last; start += periodMs) {
    const above = options.averageOver(start, start + periodMs) > options.target;
    run = above ? run + 1 : 0;
    const availableAt = start + periodMs + (options.publicationDelayMs ?? 0);
    if (run >= options.datapoints && availableAt >= options.stepAtMs) return availableAt;
  }
  return undefined;
}
