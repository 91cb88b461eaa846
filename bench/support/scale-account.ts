/**
 * The scale benchmarks' account: 500 services of 2 tasks over two clusters, each with CPU and
 * memory utilization in CloudWatch; every 20th service is loaded (CPU 90 % against a 50 % target),
 * the others sit at their targets. Metrics are generators on the simulator's clock, so they stay
 * fresh however long the run takes.
 */
import { generateAccount, type ScenarioInput, type Simulator } from '../../simulator/index.ts';

export const scaleAccountShape = { services: 500, tasksPerService: 2, loadedEvery: 20 } as const;

/** CPU and memory targets of the policy (and of the baseline scaler). */
export const scaleTargets = { cpuPercent: 50, memoryPercent: 60 } as const;

/** The services and their tasks; metrics are added by {@link defineScaleMetrics}. */
export function buildScaleAccount(): ScenarioInput {
  const { services, tasksPerService } = scaleAccountShape;
  return generateAccount({
    families: 10,
    revisionsPerFamily: 1,
    services,
    tasks: services * tasksPerService,
  });
}

/** Whether a service (by index in its name `svc-NNNN`) is one of the loaded ones. */
export function isLoaded(serviceName: string): boolean {
  const index = Number(serviceName.slice(-4));
  return index % scaleAccountShape.loadedEvery === 0;
}

/** Defines CPU and memory for every service: loaded ones at 90 % CPU, the rest at target. */
export function defineScaleMetrics(sim: Simulator): void {
  for (const service of sim.account.services.values()) {
    const clusterName = service.clusterArn.split('/').pop() ?? '';
    const dimensions = { ClusterName: clusterName, ServiceName: service.name };
    const cpu = isLoaded(service.name) ? 90 : scaleTargets.cpuPercent;
    sim.cloudwatch.defineMetric(
      { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions },
      () => cpu,
    );
    sim.cloudwatch.defineMetric(
      { namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions },
      () => 40,
    );
  }
}

/** The scale policy: every service of the generated clusters, CPU and memory targets. */
export const scalePolicy = {
  scale: {
    services: [
      {
        match: { cluster: 'cluster-*', service: 'svc-*' },
        min: 1,
        max: 10,
        metrics: [
          { kind: 'cpu', targetPercent: scaleTargets.cpuPercent },
          { kind: 'memory', targetPercent: scaleTargets.memoryPercent },
        ],
      },
    ],
    maxServicesChangedPerRun: 1000,
  },
};

/**
 * Metric series one tick must retrieve per service under {@link scalePolicy}: its two metrics and
 * the read-back of its published recommendations (Maximum). The default behaviour adds no
 * Minimum read-back (scale-up window 0) and no desired-count read-back (60 s policy periods).
 */
export const seriesPerService = 3;
