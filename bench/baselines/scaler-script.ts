/**
 * Baseline: the scaling cron people write today. Each tick it lists every service, reads each
 * service's CPU and memory with one metric call per metric per service (the GetMetricStatistics
 * pattern; GetMetricData with a single query, as the simulator serves only that), computes
 * ⌈running × max(cpu / target, memory / target)⌉ within [min, max], and sends UpdateService for
 * every service every tick, one after another, with the SDK's default retries.
 *
 * Run by the benchmark in its own process against the simulator; reports its counts over IPC.
 */
import { installTimeWarpFromEnvironment } from '../support/time-warp.ts';

installTimeWarpFromEnvironment(process.env);
// Imported after the warp, so the SDK only ever sees the compressed clock.
const { CloudWatchClient, GetMetricDataCommand } = await import('@aws-sdk/client-cloudwatch');
const {
  DescribeServicesCommand,
  ECSClient,
  paginateListClusters,
  paginateListServices,
  UpdateServiceCommand,
} = await import('@aws-sdk/client-ecs');

const targets = { CPUUtilization: 50, MemoryUtilization: 60 };
const [min, max] = [1, 10];
const ecs = new ECSClient({});
const cloudwatch = new CloudWatchClient({});
let updated = 0;
let failed = 0;
const errors: Record<string, number> = {};
const fail = (error: unknown, services = 1) => {
  failed += services;
  const name = error instanceof Error ? error.name : 'Error';
  errors[name] = (errors[name] ?? 0) + 1;
};

async function readMetric(cluster: string, service: string, name: string): Promise<number> {
  const end = new Date();
  const answer = await cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(end.getTime() - 300_000),
      EndTime: end,
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: name,
              Dimensions: [
                { Name: 'ClusterName', Value: cluster },
                { Name: 'ServiceName', Value: service },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
      ],
    }),
  );
  return answer.MetricDataResults?.[0]?.Values?.[0] ?? 0;
}

for await (const page of paginateListClusters({ client: ecs }, {})) {
  for (const cluster of page.clusterArns ?? []) {
    const clusterName = cluster.split('/').pop() ?? cluster;
    const arns: string[] = [];
    for await (const services of paginateListServices({ client: ecs }, { cluster })) {
      arns.push(...(services.serviceArns ?? []));
    }
    for (let i = 0; i < arns.length; i += 10) {
      try {
        const described = await ecs.send(
          new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }),
        );
        for (const service of described.services ?? []) {
          const name = service.serviceName ?? '';
          const running = service.runningCount ?? 0;
          const ratios = await Promise.all(
            Object.entries(targets).map(
              async ([metric, target]) => (await readMetric(clusterName, name, metric)) / target,
            ),
          );
          const wanted = Math.ceil(running * Math.max(...ratios));
          const desiredCount = Math.min(max, Math.max(min, wanted));
          try {
            await ecs.send(new UpdateServiceCommand({ cluster, service: name, desiredCount }));
            updated += 1;
          } catch (error) {
            fail(error);
          }
        }
      } catch (error) {
        fail(error, Math.min(10, arns.length - i));
      }
    }
  }
}

const result = { updated, failed, errors };
process.send?.({ result, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
