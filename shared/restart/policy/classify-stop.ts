import {
  DEFAULT_FAILURE_RULES,
  type FailureRule,
  type RestartConfig,
} from '../../config/restart-section.ts';
import type { ContainerState, TaskStateChange } from '../task-state-change.ts';
import type { TaskDefinitionFacts } from './decide-restart.ts';
import { matchesTextGlob } from './match-text-glob.ts';
import type { MatchedRule } from './restart-decision.ts';

/** How a stop is classified: a clean exit, or a failure to retry or give up on. */
export type StopClassification =
  | { kind: 'clean-exit' }
  | { kind: 'failure'; action: 'retry' | 'give-up'; matchedRule?: MatchedRule };

/** The essential containers of the stopped task, as reported by the event. */
export function getEssentialContainers(
  task: TaskStateChange,
  essentialContainerNames: readonly string[],
): ContainerState[] {
  return task.containers.filter((c) => essentialContainerNames.includes(c.name));
}

/**
 * Exit codes of a container that ECS stopped: when an essential container exits, ECS stops every
 * other container of the task ("If the essential parameter of a container is marked as true, and
 * that container fails or stops for any reason, all other containers that are part of the task are
 * stopped": ContainerDefinition.essential, ECS API reference,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html). A stop
 * is a `docker stop`: SIGTERM (exit 128+15 = 143), then SIGKILL after `stopTimeout` (128+9 = 137)
 * (StopTask and ContainerDefinition.stopTimeout in the same reference); a container that had not
 * started, or had no process left to signal, reports no exit code at all.
 */
const STOPPED_BY_ECS_EXIT_CODES: readonly number[] = [143, 137];

/**
 * True when the task finished its work: every essential container exited 0, or, under the
 * `EssentialContainerExited` stop, an essential workload container exited 0 and every other
 * essential container was stopped by ECS afterwards (exit 143, 137 or none, and no container
 * `reason` of its own, which an OutOfMemoryError or a pull error would set). That is the finished
 * job whose essential sidecar (FireLens log router, Envoy, X-Ray daemon) ECS stopped once the
 * workload exited. The workload is every essential container the task definition does not mark
 * as a sidecar (all of them when it marks none), so a log router that exits 0 on its own and gets
 * the job killed is not a finish. A task that failed to start or lost its host never is.
 */
export function isCleanFinish(
  task: TaskStateChange,
  definition: Pick<TaskDefinitionFacts, 'essentialContainerNames' | 'sidecarContainerNames'>,
): boolean {
  const essentials = getEssentialContainers(task, definition.essentialContainerNames);
  const cleanCode = task.stopCode === undefined || task.stopCode === 'EssentialContainerExited';
  if (!cleanCode || essentials.length === 0) return false;
  if (essentials.every((c) => c.exitCode === 0)) return true;
  if (task.stopCode !== 'EssentialContainerExited') return false;
  const sidecars = definition.sidecarContainerNames ?? [];
  const workload = essentials.filter((c) => !sidecars.includes(c.name));
  return (
    (workload.length > 0 ? workload : essentials).some((c) => c.exitCode === 0) &&
    essentials.every((c) => c.exitCode === 0 || wasStoppedByEcs(c))
  );
}

function wasStoppedByEcs(container: ContainerState): boolean {
  const code = container.exitCode;
  const signalled = code === undefined || STOPPED_BY_ECS_EXIT_CODES.includes(code);
  return signalled && container.reason === undefined;
}

/**
 * Classifies a stop. A clean finish ({@link isCleanFinish}) is a clean exit. Otherwise the
 * operator's rules, then the defaults, are tried in order and the first match decides; no match
 * means retry (AWS Batch semantics).
 */
export function classifyStop(
  task: TaskStateChange,
  definition: Pick<TaskDefinitionFacts, 'essentialContainerNames' | 'sidecarContainerNames'>,
  config: Pick<RestartConfig, 'classify' | 'useDefaultRules'>,
): StopClassification {
  if (isCleanFinish(task, definition)) return { kind: 'clean-exit' };
  const essentials = getEssentialContainers(task, definition.essentialContainerNames);
  const sources: [MatchedRule['source'], readonly FailureRule[]][] = [
    ['policy', config.classify],
    ['default', config.useDefaultRules ? DEFAULT_FAILURE_RULES : []],
  ];
  for (const [source, rules] of sources) {
    const index = rules.findIndex((rule) => matchesRule(rule, task, essentials));
    const rule = rules[index];
    if (rule !== undefined)
      return { kind: 'failure', action: rule.action, matchedRule: { source, index } };
  }
  return { kind: 'failure', action: 'retry' };
}

function matchesRule(
  rule: FailureRule,
  task: TaskStateChange,
  essentials: ContainerState[],
): boolean {
  if (rule.stopCodes && !(task.stopCode !== undefined && rule.stopCodes.includes(task.stopCode))) {
    return false;
  }
  if (rule.stoppedReason && !matchesTextGlob(rule.stoppedReason, task.stoppedReason ?? '')) {
    return false;
  }
  const containerReason = rule.containerReason;
  if (
    containerReason &&
    !essentials.some((c) => matchesTextGlob(containerReason, c.reason ?? ''))
  ) {
    return false;
  }
  const exitCodes = rule.exitCodes;
  if (
    exitCodes &&
    !essentials.some(
      (c) =>
        c.exitCode !== undefined && exitCodes.some((m) => matchesExitCode(m, c.exitCode ?? -1)),
    )
  ) {
    return false;
  }
  return true;
}

function matchesExitCode(match: number | string, code: number): boolean {
  if (typeof match === 'number') return match === code;
  const [lo = 0, hi = -1] = match.split('-').map(Number);
  return code >= lo && code <= hi;
}
