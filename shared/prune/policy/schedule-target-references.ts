/** A schedule's target as the gather step read it (GetSchedule). */
export type ScheduleTargetFacts = {
  arn: string;
  /** `EcsParameters.TaskDefinitionArn` of the ECS RunTask templated target. */
  ecsTaskDefinition: string | undefined;
  /** A universal target's request JSON. */
  input: string | undefined;
};

/**
 * What a schedule's target runs: a task definition, one it cannot tell (with why, never the input
 * itself: a RunTask input may carry container environment values), or nothing on ECS.
 */
export type ScheduleTargetReference =
  | { kind: 'static'; ref: string }
  | { kind: 'dynamic'; expression: string }
  | { kind: 'none' };

const unreadableInput = 'input is not a JSON object';
const unreadableTaskDefinition = 'input TaskDefinition is not a text';

/**
 * A universal target calling an ECS action (`arn:aws:scheduler:::aws-sdk:ecs:runTask`):
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-targets-universal.html
 */
const UNIVERSAL_ECS_TARGET = /^arn:aws[a-z-]*:scheduler:::aws-sdk:ecs:[A-Za-z]+$/;

/** The ECS RunTask templated target names the cluster: `arn:aws:ecs:…:cluster/name`. */
const CLUSTER_TARGET = /^arn:aws[a-z-]*:ecs:[a-z0-9-]*:[0-9]*:cluster\//;

/**
 * Tells from ListSchedules' summary whether a schedule may run an ECS task (an ECS cluster or
 * an ECS universal target), so only those are read whole.
 *
 * @returns true when the schedule's target must be read with GetSchedule.
 */
export function mayRunEcsTask(targetArn: string): boolean {
  return CLUSTER_TARGET.test(targetArn) || UNIVERSAL_ECS_TARGET.test(targetArn);
}

/**
 * Reads the task definition a schedule runs. The ECS templated target names it in
 * `EcsParameters.TaskDefinitionArn` (a family-only ARN means the latest revision); a universal
 * target calling an ECS action names it in its input (`TaskDefinition`, any case). An ECS
 * universal target whose input does not parse is dynamic: it is not ignored, and it is described
 * rather than quoted.
 *
 * @returns the reference, `dynamic` with the input when it cannot be read, or `none` for a
 *   target that does not run an ECS task definition.
 */
export function readScheduleTarget(target: ScheduleTargetFacts): ScheduleTargetReference {
  if (target.ecsTaskDefinition) return { kind: 'static', ref: target.ecsTaskDefinition };
  if (!UNIVERSAL_ECS_TARGET.test(target.arn)) return { kind: 'none' };
  const input = target.input ?? '';
  let request: unknown;
  try {
    request = JSON.parse(input);
  } catch {
    return { kind: 'dynamic', expression: unreadableInput };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return { kind: 'dynamic', expression: unreadableInput };
  }
  const entry = Object.entries(request).find(([key]) => key.toLowerCase() === 'taskdefinition');
  if (entry === undefined) return { kind: 'none' };
  const [, value] = entry;
  return typeof value === 'string' && value !== ''
    ? { kind: 'static', ref: value }
    : { kind: 'dynamic', expression: unreadableTaskDefinition };
}
