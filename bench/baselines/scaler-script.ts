/**
 * Baseline: the scaling cron a competent engineer writes today. Each tick it lists every service
 * (ListClusters, ListServices, DescribeServices ten at a time), reads every service's CPU and
 * memory in as few GetMetricData calls as CloudWatch allows (500 metrics a call), computes
 * ⌈running × max(cpu / 50, memory / 60)⌉ within [1, 10], and sends UpdateService only for the
 * services whose desired count changes, one after another, with the SDK's default retries. No
 * stabilization, no rate limits, no task protection, no audit.
 *
 * Run by the benchmark in its own process against the simulator; it times its own work (from its
 * first call to its last answer, imports excluded, as ours is timed) and reports over IPC.
 */
import { installSeededRandomFromEnvironment } from '../support/seeded-random.ts';
import { installTimeWarpFromEnvironment } from '../support/time-warp.ts';

installTimeWarpFromEnvironment(process.env);
installSeededRandomFromEnvironment(process.env);
// Imported after the warp, so the SDK only ever sees the compressed clock, if any.
const { CloudWatchClient, GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
const {
  DescribeServicesCommand,
  ECSClient,
  paginateListClusters,
  paginateListServices,
  UpdateServiceCommand,
} = await import('@aws-sdk/client-ecs');

const targets = { CPUUtilization: 50, MemoryUtilization: 60 } as const;
const [min, max] = [1, 10];
/** GetMetricData's limit of metrics per call. */
const queriesPerCall = 500;

type Service = {
  cluster: string;
  clusterName: string;
  name: string;
  desired: number;
  running: number;
};

const ecs = new ECSClient({});
const cloudwatch = new CloudWatchClient({});
const errors: Record<string, number> = {};
let failed = 0;
const fail = (error: unknown, services = 1) => {
  failed += services;
  const name = error instanceof Error ? error.name : 'Error';
  errors[name] = (errors[name] ?? 0) + 1;
};

async function listServices(): Promise<Service[]> {
  const services: Service[] = [];
  for await (const page of paginateListClusters({ client: ecs }, {})) {
    for (const cluster of page.clusterArns ?? []) {
      const clusterName = cluster.split('/').pop() ?? cluster;
      const arns: string[] = [];
      // 100 a page, ListServices' maximum (its default is 10).
      const pages = paginateListServices({ client: ecs }, { cluster, maxResults: 100 });
      for await (const listed of pages) {
        arns.push(...(listed.serviceArns ?? []));
      }
      for (let i = 0; i < arns.length; i += 10) {
        const batch = arns.slice(i, i + 10);
        try {
          const described = await ecs.send(
            new DescribeServicesCommand({ cluster, services: batch }),
          );
          for (const service of described.services ?? []) {
            services.push({
              cluster,
              clusterName,
              name: service.serviceName ?? '',
              desired: service.desiredCount ?? 0,
              running: service.runningCount ?? 0,
            });
          }
        } catch (error) {
          fail(error, batch.length);
        }
      }
    }
  }
  return services;
}

/** Every service's latest CPU and memory, 500 metrics a call; a failed call leaves them unread. */
async function readMetrics(services: readonly Service[]): Promise<Map<string, number>> {
  const end = new Date();
  const queries = services.flatMap((service, i) =>
    Object.keys(targets).map((metric) => ({
      Id: `${metric === 'CPUUtilization' ? 'c' : 'm'}${i}`,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ECS',
          MetricName: metric,
          Dimensions: [
            { Name: 'ClusterName', Value: service.clusterName },
            { Name: 'ServiceName', Value: service.name },
          ],
        },
        Period: 60,
        Stat: 'Average',
      },
    })),
  );
  const values = new Map<string, number>();
  for (let i = 0; i < queries.length; i += queriesPerCall) {
    try {
      const answer = await cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(end.getTime() - 300_000),
          EndTime: end,
          MetricDataQueries: queries.slice(i, i + queriesPerCall),
        }),
      );
      for (const result of answer.MetricDataResults ?? []) {
        const latest = result.Values?.[0];
        if (result.Id !== undefined && latest !== undefined) values.set(result.Id, latest);
      }
    } catch (error) {
      fail(error, 0);
    }
  }
  return values;
}

const started = performance.now();
const services = await listServices();
const metrics = await readMetrics(services);
let updated = 0;
for (const [i, service] of services.entries()) {
  const cpu = metrics.get(`c${i}`);
  const memory = metrics.get(`m${i}`);
  // A service without both readings is left alone rather than scaled on half the picture.
  if (cpu === undefined || memory === undefined) continue;
  const ratio = Math.max(cpu / targets.CPUUtilization, memory / targets.MemoryUtilization);
  const desiredCount = Math.min(max, Math.max(min, Math.ceil(service.running * ratio)));
  if (desiredCount === service.desired) continue;
  try {
    await ecs.send(
      new UpdateServiceCommand({ cluster: service.cluster, service: service.name, desiredCount }),
    );
    updated += 1;
  } catch (error) {
    fail(error);
  }
}
const durationMs = performance.now() - started;

const result = { services: services.length, updated, failed, errors, durationMs };
process.send?.({ result, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
