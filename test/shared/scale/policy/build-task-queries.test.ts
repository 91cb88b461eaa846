import { describe, expect, it } from 'vitest';
import { scaleServiceRuleSchema } from '../../../../shared/config/scale-section.ts';
import {
  buildTaskMetricQueries,
  readTaskSamples,
} from '../../../../shared/scale/policy/build-task-queries.ts';
import type { ServiceTask } from '../../../../shared/scale/policy/scale-types.ts';

const now = Date.UTC(2026, 0, 1, 0, 10, 30);
const rule = (perTask: boolean) =>
  scaleServiceRuleSchema.parse({
    match: { service: 'web' },
    max: 10,
    metrics: [
      { kind: 'cpu', targetPercent: 50, perTask },
      { kind: 'memory', targetPercent: 60 },
    ],
  });
const tasks = (count: number, running = true): ServiceTask[] =>
  Array.from({ length: count }, (_, i) => ({ taskId: `task${i}`, running, health: 'HEALTHY' }));

describe('buildTaskMetricQueries', () => {
  it('asks Container Insights for each RUNNING task of a perTask metric, by TaskId', () => {
    // Act
    const plan = buildTaskMetricQueries(
      [
        {
          clusterName: 'prod',
          serviceName: 'web',
          rule: rule(true),
          tasks: [...tasks(2), ...tasks(1, false)],
        },
      ],
      now,
    );
    // Assess: two running tasks, cpu only (memory is not perTask).
    expect(plan.batches).toHaveLength(1);
    expect(plan.batches[0]?.map((q) => q.MetricStat)).toEqual(
      ['task0', 'task1'].map((id) => ({
        Metric: {
          Namespace: 'ECS/ContainerInsights',
          MetricName: 'CpuUtilized',
          Dimensions: [
            { Name: 'ClusterName', Value: 'prod' },
            { Name: 'ServiceName', Value: 'web' },
            { Name: 'TaskId', Value: id },
          ],
        },
        Period: 60,
        Stat: 'Average',
      })),
    );
  });

  it('makes no query when no rule reads per task', () => {
    const plan = buildTaskMetricQueries(
      [{ clusterName: 'prod', serviceName: 'web', rule: rule(false), tasks: tasks(5) }],
      now,
    );
    expect(plan.batches).toEqual([]);
  });

  it('packs 1,200 tasks into ⌈1,200 / 500⌉ = 3 calls', () => {
    const plan = buildTaskMetricQueries(
      [{ clusterName: 'prod', serviceName: 'web', rule: rule(true), tasks: tasks(1200) }],
      now,
    );
    expect(plan.batches.map((batch) => batch.length)).toEqual([500, 500, 200]);
  });
});

describe('readTaskSamples', () => {
  it('keeps each task’s newest fresh datapoint and marks a task without one as null', () => {
    // Prepare
    const plan = buildTaskMetricQueries(
      [{ clusterName: 'prod', serviceName: 'web', rule: rule(true), tasks: tasks(3) }],
      now,
    );
    const minute = 60_000;
    const results = [
      { Id: 't0', Timestamps: [now - 2 * minute, now - minute], Values: [100, 120] },
      { Id: 't1', Timestamps: [now - 20 * minute], Values: [900] },
    ];
    // Act
    const samples = readTaskSamples(results, plan, now);
    // Assess: task1's point is older than maxAgeSeconds (300 s), task2 returned nothing.
    expect(samples['prod/web']?.[0]).toEqual({ task0: 120, task1: null, task2: null });
  });
});
