/**
 * Generators for large accounts (benchmarks: 12,000 revisions, 200 services, 2,000 tasks; 500
 * services with metrics). They return a scenario as written, so it goes through the same
 * validation and seeding as a file.
 */
import type { ScenarioInput } from './scenario.ts';

export type GenerateOptions = {
  /** Number of task-definition families (`app-0001`, …). */
  families: number;
  revisionsPerFamily: number;
  /** The oldest revisions of each family seeded INACTIVE (deregistered 60 days ago). Default 0. */
  inactivePerFamily?: number;
  /** Services, spread over the clusters; service i runs family i mod families. */
  services?: number;
  /** Running service tasks in total, spread evenly over the services. */
  tasks?: number;
  /** Standalone RUNNING tasks (group `family:…`), on the `batch` cluster. */
  standaloneTasks?: number;
  clusters?: number;
  /** Every n-th service has an older deployment still draining. Default 0 (none). */
  rollingEvery?: number;
  /** Every n-th service is registered with Application Auto Scaling. Default 0 (none). */
  autoscalingEvery?: number;
  /** Constant CPU and memory utilization metrics (AWS/ECS) for every service. */
  metrics?: { cpu: number; memory: number };
  /** Scheduled rules with an ECS target on family i (family-only ARNs). Default 0. */
  rules?: number;
  /** Age of each family's first and last revision. Defaults `400d` and `1d`. */
  oldestAge?: string;
  newestAge?: string;
};

const pad = (n: number) => String(n).padStart(4, '0');

/** Builds a large, deterministic scenario. */
export function generateAccount(options: GenerateOptions): ScenarioInput {
  const clusterCount = options.clusters ?? 2;
  const clusters = Array.from({ length: clusterCount }, (_, i) => `cluster-${i + 1}`);
  const familyName = (i: number) => `app-${pad(i % options.families)}`;
  const inactive = options.inactivePerFamily ?? 0;
  const taskDefinitions = Array.from({ length: options.families }, (_, i) => ({
    family: familyName(i),
    revisions: options.revisionsPerFamily,
    oldestAge: options.oldestAge ?? '400d',
    newestAge: options.newestAge ?? '1d',
    tags: { team: `team-${i % 7}` },
    overrides:
      inactive > 0
        ? [{ revisions: [`1-${inactive}`], status: 'INACTIVE' as const, deregisteredAge: '60d' }]
        : [],
  }));
  const serviceCount = options.services ?? 0;
  const perService = serviceCount === 0 ? 0 : Math.floor((options.tasks ?? 0) / serviceCount);
  const extra = serviceCount === 0 ? 0 : (options.tasks ?? 0) % serviceCount;
  const last = options.revisionsPerFamily;
  const services = Array.from({ length: serviceCount }, (_, i) => {
    const rolling =
      options.rollingEvery !== undefined &&
      options.rollingEvery > 0 &&
      i % options.rollingEvery === 0;
    const autoscaled =
      options.autoscalingEvery !== undefined &&
      options.autoscalingEvery > 0 &&
      i % options.autoscalingEvery === 0;
    const desired = perService + (i < extra ? 1 : 0);
    return {
      cluster: clusters[i % clusterCount] ?? 'cluster-1',
      name: `svc-${pad(i)}`,
      taskDefinition: `${familyName(i)}:${last}`,
      desiredCount: desired,
      olderDeployments:
        rolling && last > 1
          ? [{ taskDefinition: `${familyName(i)}:${last - 1}`, runningCount: 0 }]
          : [],
      tags: { team: `team-${i % 7}` },
      autoscaling: autoscaled ? { min: 1, max: 10 } : undefined,
    };
  });
  const metrics = options.metrics
    ? services.flatMap((service) =>
        (['cpu', 'memory'] as const).map((kind) => ({
          namespace: 'AWS/ECS',
          name: kind === 'cpu' ? 'CPUUtilization' : 'MemoryUtilization',
          dimensions: { ClusterName: service.cluster, ServiceName: service.name },
          constant: { value: options.metrics?.[kind] ?? 0, since: '1h' },
        })),
      )
    : [];
  const standalone = options.standaloneTasks ?? 0;
  return {
    name: 'generated',
    clusters: [...clusters, 'batch'],
    taskDefinitions,
    services,
    tasks: Array.from({ length: standalone }, (_, i) => ({
      cluster: 'batch',
      taskDefinition: `${familyName(i)}:${Math.max(1, last - (i % 3))}`,
    })),
    rules: Array.from({ length: options.rules ?? 0 }, (_, i) => ({
      name: `schedule-${pad(i)}`,
      schedule: 'rate(1 hour)',
      targets: [{ id: 'task', cluster: 'batch', taskDefinition: familyName(i) }],
    })),
    metrics,
  };
}
