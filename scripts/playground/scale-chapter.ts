import type { PolicyConfig } from '../../shared/config/policy-schema.ts';
import type { Simulator } from '../../simulator/index.ts';
import { playgroundAccountId, playgroundRegion } from './account.ts';
import { invokeBundle } from './invoke-bundle.ts';
import type { PlaygroundRecord, ScaleSeries } from './record.ts';
import type { SimulatedTime } from './simulated-time.ts';
import { chapter, colours, detail, policyInForce, say, simulatedElapsedMs } from './timeline.ts';

type ServiceReport = {
  cluster: string;
  service: string;
  currentCount: number;
  desiredCountAfterTick: number;
  reason: string;
  recommendation: number | undefined;
  metrics: { name: string; value?: number; target: number; proposal?: number }[];
};
type TickReport = { services: ServiceReport[] };
type Rule = PolicyConfig['scale']['services'][number];

const tickEvent = () => ({
  version: '0',
  id: `playground-scale-${Date.now()}`,
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: playgroundAccountId,
  time: new Date().toISOString(),
  region: playgroundRegion,
  resources: [
    `arn:aws:events:${playgroundRegion}:${playgroundAccountId}:rule/ecs-autopilot-playground-scale`,
  ],
  detail: {},
});

function describeScaleRule(scale: PolicyConfig['scale'], rule: Rule | undefined): string[] {
  if (rule === undefined) return ['scale.services: no rule: nothing is scaled'];
  const metrics = rule.metrics.map((metric) => JSON.stringify(metric).replaceAll('"', ''));
  const { scaleUp, scaleDown } = rule.behavior;
  return [
    `scale.dryRun: ${scale.dryRun}; rule ${rule.match.cluster}/${rule.match.service}: ${rule.min} to ${rule.max} tasks on ${metrics.join(', ')}`,
    `stabilization windows: ${scaleUp.stabilizationWindowSeconds} s up, ${scaleDown.stabilizationWindowSeconds} s down (the highest recommendation of the window wins a scale-in)`,
  ];
}

/**
 * Seconds until a stabilizing scale-in can happen: the newest recommendation at or above the
 * current count leaves the window then (HPA keeps the highest recommendation of the window).
 */
function windowLeftSeconds(
  history: ScaleSeries['points'],
  current: number,
  windowS: number,
): number | undefined {
  const holding = history.filter((point) => (point.recommendation ?? 0) >= current).at(-1);
  if (holding === undefined) return undefined;
  return Math.max(0, Math.round(windowS - (simulatedElapsedMs() - holding.atMs) / 1000));
}

/** Load rises: one tick later the service has scaled out; load falls: it waits out the window. */
export async function runScaleChapter(
  sim: Simulator,
  time: SimulatedTime,
  context: { policy: PolicyConfig; record: PlaygroundRecord },
): Promise<void> {
  chapter('Metric-driven scaling (a tick a minute)');
  const rule = context.policy.scale.services[0];
  policyInForce(describeScaleRule(context.policy.scale, rule));
  const firstMetric = rule?.metrics[0];
  const series: ScaleSeries = {
    service: 'prod/web',
    metric: 'CPUUtilization',
    target:
      firstMetric !== undefined && 'targetPercent' in firstMetric ? firstMetric.targetPercent : 0,
    min: rule?.min ?? 0,
    max: rule?.max ?? 0,
    points: [],
  };
  context.record.scale.push(series);
  // CPU is the load shared by the running tasks, so it falls as the service scales out.
  let load = 135;
  const runningTasks = () =>
    [...sim.account.tasks.values()].filter(
      (task) => task.group === 'service:web' && task.lastStatus === 'RUNNING',
    ).length;
  sim.cloudwatch.defineMetric(
    {
      namespace: 'AWS/ECS',
      metricName: 'CPUUtilization',
      dimensions: { ClusterName: 'prod', ServiceName: 'web' },
    },
    () => Math.min(100, load / Math.max(1, runningTasks())),
  );
  const windowS = rule?.behavior.scaleDown.stabilizationWindowSeconds ?? 0;
  const tick = async () => {
    time.advance(60_000);
    const report = (await invokeBundle('scale-services', tickEvent())) as TickReport;
    for (const service of report.services.filter(
      (s) => `${s.cluster}/${s.service}` === series.service,
    )) {
      const metric = service.metrics[0];
      const reading =
        metric?.value === undefined
          ? 'no data'
          : `${metric.name} ${metric.value.toFixed(0)}% vs target ${metric.target}%`;
      const recommends =
        service.recommendation === undefined ? '' : `, recommends ${service.recommendation}`;
      const change =
        service.desiredCountAfterTick === service.currentCount
          ? `stays at ${service.currentCount}`
          : colours.green(`${service.currentCount} -> ${service.desiredCountAfterTick} tasks`);
      say(
        'scaleServices',
        `${service.service}: ${reading}${recommends}: ${change} (${service.reason})`,
      );
      if (service.reason === 'stabilizing') {
        const left = windowLeftSeconds(series.points, service.currentCount, windowS);
        // Before the story's first tick, the service's own count is its history (the function
        // reads it back from CloudWatch); the playground did not see when it was recorded.
        detail(
          left === undefined
            ? `a recommendation of ${service.currentCount} or more from before the story is still inside the ${windowS} s scale-down window`
            : `a recommendation of ${service.currentCount} or more is still inside the ${windowS} s scale-down window: about ${left} s left`,
        );
      }
      series.points.push({
        atMs: simulatedElapsedMs(),
        value: metric?.value,
        desired: service.desiredCountAfterTick,
        running: runningTasks(),
        recommendation: service.recommendation,
        reason: service.reason,
      });
    }
    sim.reconcile();
    sim.ecs.startTasks();
    const last = series.points.at(-1);
    if (last !== undefined) last.running = runningTasks();
  };
  await tick();
  load = 400;
  say('load', 'traffic triples: web CPU climbs');
  for (let minute = 0; minute < 3; minute += 1) await tick();
  load = 60;
  say('load', 'traffic drops: web CPU falls');
  for (let minute = 0; minute < 7; minute += 1) await tick();
}
