import { matchesGlob } from '../../config/glob.ts';
import type { RestartConfig, RestartMode, RestartSelector } from '../../config/restart-section.ts';
import type { RestartTags } from '../restart-tags.ts';
import type { TaskStateChange } from '../task-state-change.ts';

/**
 * The restart mode that applies to a task, who set it, and whether a capacity loss is replaced on
 * ECS's warning (the selection rule's `replaceOnWarning`; a tag keeps the default, true).
 */
export type ResolvedRestartMode = {
  mode: RestartMode;
  source: 'tag' | 'policy';
  replaceOnWarning: boolean;
};

/** What a selector reads of a task (a stopped task, or the one a delayed restart is about). */
export type SelectorSubject = Pick<TaskStateChange, 'clusterName' | 'family' | 'group'>;

/**
 * True when every glob the selector gives matches the task (cluster name, task definition family,
 * group); a selector without globs matches every task, which is an explicit operator choice.
 */
export function matchesSelector(selector: RestartSelector, task: SelectorSubject): boolean {
  const checks: [string | undefined, string | undefined][] = [
    [selector.cluster, task.clusterName],
    [selector.family, task.family],
    [selector.group, task.group],
  ];
  return checks.every(
    ([glob, value]) => glob === undefined || (value !== undefined && matchesGlob(value, glob)),
  );
}

/**
 * Resolves the restart mode: a valid `ecs-autopilot:restart` tag wins (tags override the policy,
 * and a tag on the task is an explicit opt-in even for an orchestrated task), then the first
 * matching `select` entry; for a task an orchestrator retries itself (`orchestrated`), only
 * entries with `includeOrchestrated`. Returns `undefined` when nothing opts the task in.
 */
export function resolveRestartMode(
  task: SelectorSubject,
  tags: Pick<RestartTags, 'mode'>,
  config: Pick<RestartConfig, 'select'>,
  orchestrated = false,
): ResolvedRestartMode | undefined {
  if (tags.mode !== undefined) return { mode: tags.mode, source: 'tag', replaceOnWarning: true };
  const rule = config.select.find(
    (s) => matchesSelector(s, task) && (!orchestrated || s.includeOrchestrated),
  );
  if (rule === undefined) return undefined;
  return { mode: rule.mode, source: 'policy', replaceOnWarning: rule.replaceOnWarning };
}
