import type { ScaleMetricConfig } from '../../config/scale-section.ts';

/** The subset of the SDK's MetricDataQuery this module produces (same field names). */
export type MetricDataQueryLike = {
  Id: string;
  MetricStat?: {
    Metric: {
      Namespace: string;
      MetricName: string;
      Dimensions: { Name: string; Value: string }[];
    };
    Period: number;
    Stat: string;
  };
  Expression?: string;
  Period?: number;
  ReturnData: boolean;
};

/** Queries of one metric; the values of `returnedIds` are summed into the metric's value. */
export type CompiledMetric = { queries: MetricDataQueryLike[]; returnedIds: string[] };

type Service = { clusterName: string; serviceName: string };

/** Fills `${cluster}` and `${service}` so one glob rule can name each service's own resources. */
export function fill(template: string, service: Service): string {
  return template.replace(/\$\{(cluster|service)\}/g, (_, key: string) =>
    key === 'cluster' ? service.clusterName : service.serviceName,
  );
}

function stat(
  id: string,
  metric: { namespace: string; name: string; dimensions: Record<string, string>; stat: string },
  period: number,
  service: Service,
  returnData = true,
): MetricDataQueryLike {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: metric.namespace,
        MetricName: metric.name,
        Dimensions: Object.entries(metric.dimensions).map(([Name, value]) => ({
          Name,
          Value: fill(value, service),
        })),
      },
      Period: period,
      Stat: metric.stat,
    },
    ReturnData: returnData,
  };
}

/**
 * Rewrites the user's query names in a metric-math expression to their per-service ids,
 * leaving quoted strings (SEARCH terms, METRICS() filters) and function names untouched.
 */
export function rewriteExpression(
  expression: string,
  ids: Readonly<Record<string, string>>,
): string {
  return expression.replace(/'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_]*/g, (token) =>
    Object.hasOwn(ids, token) ? (ids[token] ?? token) : token,
  );
}

/**
 * Compiles one configured metric into GetMetricData queries for one service.
 *
 * @returns the queries and the ids whose values make up the metric.
 * @throws never.
 */
export function compileMetricQueries(
  metric: ScaleMetricConfig,
  service: Service,
  id: string,
): CompiledMetric {
  const ecs = { ClusterName: service.clusterName, ServiceName: service.serviceName };
  switch (metric.kind) {
    case 'cpu':
    case 'memory': {
      const name = metric.kind === 'cpu' ? 'CPUUtilization' : 'MemoryUtilization';
      const query = stat(
        id,
        { namespace: 'AWS/ECS', name, dimensions: ecs, stat: 'Average' },
        metric.periodSeconds,
        service,
      );
      return { queries: [query], returnedIds: [id] };
    }
    case 'sqs-backlog': {
      const dimensions = { QueueName: metric.queueName };
      const namespace = 'AWS/SQS';
      const queries = [
        stat(
          id,
          { namespace, name: 'ApproximateNumberOfMessagesVisible', dimensions, stat: 'Maximum' },
          60,
          service,
        ),
      ];
      if (metric.includeInFlight) {
        const name = 'ApproximateNumberOfMessagesNotVisible';
        queries.push(
          stat(`${id}_p1`, { namespace, name, dimensions, stat: 'Maximum' }, 60, service),
        );
      }
      return { queries, returnedIds: queries.map((q) => q.Id) };
    }
    case 'alb-requests': {
      const dimensions: Record<string, string> = { TargetGroup: metric.targetGroup };
      if (metric.loadBalancer !== undefined) dimensions.LoadBalancer = metric.loadBalancer;
      const name = metric.mode === 'per-target' ? 'RequestCountPerTarget' : 'RequestCount';
      const namespace = 'AWS/ApplicationELB';
      const query = stat(
        id,
        { namespace, name, dimensions, stat: 'Sum' },
        metric.periodSeconds,
        service,
      );
      return { queries: [query], returnedIds: [id] };
    }
    case 'custom': {
      const period = metric.periodSeconds;
      if (metric.metric !== undefined) {
        const m = metric.metric;
        const query = stat(id, { ...m, name: m.metricName }, period, service);
        return { queries: [query], returnedIds: [id] };
      }
      const ids: Record<string, string> = {};
      const queries = Object.entries(metric.queries ?? {}).map(([key, m]) => {
        ids[key] = `${id}_q_${key}`;
        return stat(ids[key], { ...m, name: m.metricName }, period, service, false);
      });
      const expression = rewriteExpression(metric.expression ?? '', ids);
      queries.push({ Id: id, Expression: expression, Period: period, ReturnData: true });
      return { queries, returnedIds: [id] };
    }
  }
}
