import type { TaskSamples } from './build-calculator-input.ts';
import { decideServiceScale, type ServiceScaleFacts } from './decide-service-scale.ts';
import type { ProtectionReading, ScalePlanItem } from './plan-scale.ts';
import type { ServiceMetricReadings } from './read-metric-results.ts';
import type { MetricDetail, ServiceTask } from './scale-types.ts';
import { getScaleServiceKey } from './select-scale-rule.ts';

/** One service's task reading: its tasks (and protection), or why they could not be read. */
export type TasksReading =
  | (ProtectionReading & { tasks: readonly ServiceTask[] })
  | { unread: string };

/** What {@link redecideWithTasks} needs besides the first decisions. */
export type TaskKnowledge = {
  services: readonly (ServiceScaleFacts & { primaryDeploymentId: string | undefined })[];
  readings: Readonly<Record<string, ServiceMetricReadings>>;
  tasks: ReadonlyMap<string, TasksReading>;
  /** Per-task samples by service key, then metric index. */
  samples: Readonly<Record<string, readonly (TaskSamples | undefined)[]>>;
  /** Epoch milliseconds. */
  now: number;
};

/**
 * Decides again, with the tasks themselves, each service whose first decision (from the
 * service's counts) changes its count: the PRIMARY deployment's tasks with their health and start
 * time, and per-task samples where the rule reads them. Kubernetes' rules on those can only hold
 * a change back or make it smaller (missing and unready tasks are filled toward "no change"), so
 * a service the first decision keeps is not read at all. A service whose tasks could not be read
 * keeps its first decision with a note: a scale-out still goes ahead, and a scale-in is held by
 * the protection rule (unread protection keeps the count). So does a scale-out none of whose
 * metrics can be calculated from the tasks (every task starting or unready): Kubernetes stops
 * scaling then, which would leave a service whose tasks fail health checks under load short.
 *
 * @returns the items, re-decided where tasks were read.
 * @throws never.
 */
export function redecideWithTasks(
  items: readonly ScalePlanItem[],
  knowledge: TaskKnowledge,
): ScalePlanItem[] {
  const factsByKey = new Map(knowledge.services.map((f) => [getScaleServiceKey(f.target), f]));
  return items.map((item) => {
    const key = getScaleServiceKey(item.decision);
    const reading = knowledge.tasks.get(key);
    const facts = factsByKey.get(key);
    if (reading === undefined || facts === undefined) return item;
    if ('unread' in reading) {
      const notes = [...item.decision.notes, `tasks unread: ${reading.unread}`];
      return { ...item, decision: { ...item.decision, notes } };
    }
    const tasks = selectPrimaryTasks(reading.tasks, facts);
    const decision = decideServiceScale(
      { ...facts, snapshot: { ...facts.snapshot, tasks } },
      knowledge.readings,
      knowledge.now,
      knowledge.samples[key],
    );
    if (isScaleOut(item) && decision.metrics.every((metric) => metric.proposal === undefined)) {
      // No task could be counted (all starting, or all UNHEALTHY under load): Kubernetes would
      // not scale at all; the counts' scale-out stands, as an overloaded service must grow.
      const note =
        'no task could be counted (all starting or not ready): the scale-out from the counts stands';
      return { ...item, decision: { ...item.decision, notes: [...item.decision.notes, note] } };
    }
    const counted = describeTaskGroups(decision.metrics);
    const notes = counted === undefined ? decision.notes : [...decision.notes, counted];
    return { ...item, decision: { ...decision, notes } };
  });
}

/**
 * The tasks of the service's PRIMARY deployment: ECS sets a service task's `startedBy` to the ID
 * of the deployment that started it (Task data type, ECS API Reference). A service without
 * deployments (task sets of the EXTERNAL or CODE_DEPLOY controllers) keeps all its tasks.
 */
export function selectPrimaryTasks(
  tasks: readonly ServiceTask[],
  facts: { primaryDeploymentId: string | undefined },
): ServiceTask[] {
  const primary = facts.primaryDeploymentId;
  return tasks.filter((task) => primary === undefined || task.deploymentId === primary);
}

/** A note when the calculator set tasks aside or filled in silent ones. */
function describeTaskGroups(metrics: readonly MetricDetail[]): string | undefined {
  const parts = metrics.flatMap((metric) => {
    const groups = metric.tasks;
    if (groups === undefined || (groups.unready === 0 && groups.missing === 0)) return [];
    return [
      `${metric.name}: ${groups.ready} task(s) counted, ${groups.unready} set aside (starting or not ready), ${groups.missing} reported nothing`,
    ];
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function isScaleOut(item: ScalePlanItem): boolean {
  return item.decision.desiredCount > item.decision.currentCount;
}
