import type { Simulator } from '../../simulator/index.ts';
import { invokeBundle } from './invoke-bundle.ts';
import type { SimulatedTime } from './simulated-time.ts';
import { chapter, colours, say } from './timeline.ts';

type ServiceReport = {
  service: string;
  currentCount: number;
  desiredCountAfterTick: number;
  reason: string;
  metrics: { name: string; value?: number; target: number }[];
};
type TickReport = { services: ServiceReport[]; metricCalls: number };

const tickEvent = () => ({
  version: '0',
  id: `playground-scale-${Date.now()}`,
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/ecs-autopilot-playground-scale'],
  detail: {},
});

async function tick(sim: Simulator, time: SimulatedTime): Promise<void> {
  time.advance(60_000);
  const report = (await invokeBundle('scale-services', tickEvent())) as TickReport;
  for (const service of report.services) {
    const metric = service.metrics[0];
    const reading =
      metric?.value === undefined
        ? 'no data'
        : `${metric.name} ${metric.value.toFixed(0)}% (target ${metric.target}%)`;
    const change =
      service.desiredCountAfterTick === service.currentCount
        ? `stays at ${service.currentCount}`
        : colours.green(`${service.currentCount} -> ${service.desiredCountAfterTick} tasks`);
    say('scaleServices', `${service.service}: ${reading}: ${change} (${service.reason})`);
  }
  sim.reconcile();
  sim.ecs.startTasks();
}

/** Load rises: one tick later the service has scaled out; load falls: it waits out the window. */
export async function runScaleChapter(sim: Simulator, time: SimulatedTime): Promise<void> {
  chapter('Metric-driven scaling (a tick a minute of simulated time)');
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
  await tick(sim, time);
  load = 400;
  say('load', 'traffic triples: web CPU climbs');
  for (let minute = 0; minute < 3; minute += 1) await tick(sim, time);
  load = 60;
  say('load', 'traffic drops: web CPU falls');
  for (let minute = 0; minute < 7; minute += 1) await tick(sim, time);
}
