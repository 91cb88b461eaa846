import {
  DEFAULT_FAILURE_RULES,
  type FailureRule,
  type RestartConfig,
} from '../../config/restart-section.ts';
import type { ContainerState, TaskStateChange } from '../task-state-change.ts';
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
 * Classifies a stop. A clean exit is every essential container reporting exit code 0 with no
 * stop code other than EssentialContainerExited (a task that failed to start or lost its host is
 * never clean, whatever its containers say). Otherwise the operator's rules, then the defaults,
 * are tried in order and the first match decides; no match means retry (AWS Batch semantics).
 */
export function classifyStop(
  task: TaskStateChange,
  essentialContainerNames: readonly string[],
  config: Pick<RestartConfig, 'classify' | 'useDefaultRules'>,
): StopClassification {
  const essentials = getEssentialContainers(task, essentialContainerNames);
  const cleanCode = task.stopCode === undefined || task.stopCode === 'EssentialContainerExited';
  if (cleanCode && essentials.length > 0 && essentials.every((c) => c.exitCode === 0)) {
    return { kind: 'clean-exit' };
  }
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
