import { matchesGlob } from '../../config/glob.ts';
import { RESTART_MARKERS } from '../../config/restart-markers.ts';
import type { RestartConfig } from '../../config/restart-section.ts';
import { parseTaskDefinitionRef } from './task-definition-ref.ts';

/** A stopped task, as far as a pending restart of it depends on. */
export type StoppedTask = {
  clusterName: string;
  taskDefinitionArn: string;
  group: string | undefined;
  startedBy: string | undefined;
  /** Epoch ms; undefined while the task is still stopping. */
  stoppedAt: number | undefined;
  tags: Readonly<Record<string, string>>;
};

/** Tag values that opt a task in (the restart job's modes other than `never`). */
const optInModes: ReadonlySet<string> = new Set(['on-failure', 'always']);

/**
 * Decides whether a restart of a stopped task may still be pending, so that its revision must be
 * kept: the restart job runs the stopped task's own revision again, up to the restart window after
 * it stopped (backoff in the delay queue and RunTask retries), and ECS refuses to start an
 * INACTIVE revision. The rule errs toward keeping: any task the restart job may select counts,
 * whatever its stop code or exit status, because the cost of a wrong guess is one revision kept
 * one run longer.
 *
 * Counts: a task opted in by its `ecs-autopilot:restart` tag (`on-failure`, `always`), a task a
 * restart started (lineage or attempt tag, or `startedBy: ecs-autopilot`), or a task a
 * `restart.select` rule selects with a mode other than `never` (first matching rule, as the
 * restart job reads them). Never: service tasks (the service scheduler replaces them), a task
 * tagged `never`, or one stopped before the window.
 *
 * @returns true when the task's revision must be kept as in use.
 */
export function isPendingRestart(
  task: StoppedTask,
  restart: Pick<RestartConfig, 'select'>,
  options: { now: number; windowMs: number },
): boolean {
  if (task.group?.startsWith('service:') || task.startedBy?.startsWith('ecs-svc/')) return false;
  if (task.stoppedAt !== undefined && options.now - task.stoppedAt > options.windowMs) return false;
  const mode = task.tags[RESTART_MARKERS.modeTag];
  if (mode === 'never') return false;
  if (mode !== undefined && optInModes.has(mode)) return true;
  const restarted =
    task.startedBy === RESTART_MARKERS.startedBy ||
    RESTART_MARKERS.lineageTags.some((key) => task.tags[key] !== undefined);
  if (restarted) return true;
  const family = parseTaskDefinitionRef(task.taskDefinitionArn)?.family;
  const rule = restart.select.find((selector) =>
    [
      [selector.cluster, task.clusterName],
      [selector.family, family],
      [selector.group, task.group],
    ].every(
      ([glob, value]) => glob === undefined || (value !== undefined && matchesGlob(value, glob)),
    ),
  );
  return rule !== undefined && rule.mode !== 'never';
}
