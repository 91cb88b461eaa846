/** Shared setup of the scale-services handler tests: a fake account behind mocked AWS clients. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  GetTaskProtectionCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { resetLoadedConfig } from '../../shared/runtime/create-handler.ts';

export const ecs = mockClient(ECSClient);
export const cloudWatch = mockClient(CloudWatchClient);
export const eventBridge = mockClient(EventBridgeClient);
export const autoScaling = mockClient(ApplicationAutoScalingClient);

const accountArn = 'arn:aws:ecs:us-east-1:123456789012';

/** One fake service: counts, metric values (percent) and the history SEARCH returns. */
export type FakeService = {
  name: string;
  desiredCount: number;
  runningCount?: number;
  cpu?: number;
  memory?: number;
  /** Recommendations published by earlier ticks, seconds ago → value; undefined: not found. */
  recommendations?: Record<number, number>;
  deploying?: boolean;
  protectedTasks?: number;
};

export type FakeAccount = {
  services: FakeService[];
  autoScaled?: string[];
  /** Services whose DescribeServices batch fails. */
  describeFailsFor?: string;
};

export const serviceArn = (name: string) => `${accountArn}:service/prod/${name}`;

/** `count` services `svc-<i>` at 4 tasks, cpu and memory on target, history found. */
export function createServices(count: number, overrides: Partial<FakeService> = {}): FakeService[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `svc-${i}`,
    desiredCount: 4,
    cpu: 50,
    memory: 70,
    recommendations: { 120: 4 },
    ...overrides,
  }));
}

/** Writes the policy to a temp file and points the handler at it. */
export function usePolicy(scale: Record<string, unknown>): void {
  const dir = mkdtempSync(join(tmpdir(), 'scale-policy-'));
  const file = join(dir, 'policy.json');
  writeFileSync(file, JSON.stringify({ scale }));
  process.env.POLICY_FILE = file;
  resetLoadedConfig();
}

/** The default test rule: prod/svc-*, 1..20 tasks, cpu 50 % and memory 70 %. */
export const defaultRule = {
  match: { cluster: 'prod', service: 'svc-*' },
  min: 1,
  max: 20,
  metrics: [
    { kind: 'cpu', targetPercent: 50 },
    { kind: 'memory', targetPercent: 70 },
  ],
};

/** Answers every mocked call from the fake account, as of `now`. */
export function serveAccount(account: FakeAccount, now: number): void {
  for (const mock of [ecs, cloudWatch, eventBridge, autoScaling]) mock.reset();
  const byName = new Map(account.services.map((s) => [s.name, s]));
  ecs.on(ListClustersCommand).resolves({ clusterArns: [`${accountArn}:cluster/prod`] });
  ecs.on(ListServicesCommand).callsFake((input: { nextToken?: string }) => {
    const start = Number(input.nextToken ?? 0);
    const page = account.services.slice(start, start + 100);
    const nextToken = start + 100 < account.services.length ? String(start + 100) : undefined;
    return { serviceArns: page.map((s) => serviceArn(s.name)), nextToken };
  });
  ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => {
    const names = input.services.map((arn) => arn.slice(arn.lastIndexOf('/') + 1));
    if (account.describeFailsFor && names.includes(account.describeFailsFor)) {
      throw Object.assign(new Error('Internal failure'), {
        name: 'ServerException',
        $fault: 'server',
      });
    }
    return { services: names.flatMap((name) => describe(byName.get(name))), failures: [] };
  });
  ecs.on(UpdateServiceCommand).resolves({});
  ecs.on(ListTasksCommand).callsFake((input: { serviceName: string }) => {
    const service = byName.get(input.serviceName);
    const count = service?.runningCount ?? service?.desiredCount ?? 0;
    return {
      taskArns: Array.from(
        { length: count },
        (_, i) => `${accountArn}:task/prod/${input.serviceName}-${i}`,
      ),
    };
  });
  // Every task RUNNING for an hour, without a health check: ready for Kubernetes' rules.
  ecs.on(DescribeTasksCommand).callsFake((input: { tasks: string[] }) => ({
    tasks: input.tasks.map((taskArn) => ({
      taskArn,
      lastStatus: 'RUNNING',
      healthStatus: 'UNKNOWN',
      startedAt: new Date(now - 3_600_000),
    })),
  }));
  ecs.on(GetTaskProtectionCommand).callsFake((input: { tasks: string[] }) => {
    const name = input.tasks[0]?.split('/').at(-1)?.replace(/-\d+$/, '') ?? '';
    const count = byName.get(name)?.protectedTasks ?? 0;
    const protectedTasks = input.tasks
      .slice(0, count)
      .map((taskArn) => ({ taskArn, protectionEnabled: true }));
    return { protectedTasks };
  });
  autoScaling.on(DescribeScalableTargetsCommand).resolves({
    ScalableTargets: (account.autoScaled ?? []).map((name) => ({
      ResourceId: `service/prod/${name}`,
      ServiceNamespace: 'ecs',
      ScalableDimension: 'ecs:service:DesiredCount',
      MinCapacity: 1,
      MaxCapacity: 10,
      RoleARN: 'arn:aws:iam::123456789012:role/x',
      CreationTime: new Date(now),
    })),
  });
  cloudWatch
    .on(GetMetricDataCommand)
    .callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
      MetricDataResults: input.MetricDataQueries.flatMap((query) =>
        answerQuery(query, byName, now),
      ),
    }));
  cloudWatch.on(PutMetricDataCommand).resolves({});
  eventBridge.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
    FailedEntryCount: 0,
    Entries: input.Entries.map((_, i) => ({ EventId: `e-${i}` })),
  }));
}

function describe(service: FakeService | undefined) {
  if (!service) return [];
  const primary = { status: 'PRIMARY', taskDefinition: 'td:2', rolloutState: 'COMPLETED' };
  const deployments = service.deploying
    ? [
        { ...primary, rolloutState: 'IN_PROGRESS' },
        { status: 'ACTIVE', taskDefinition: 'td:1' },
      ]
    : [primary];
  return [
    {
      serviceArn: serviceArn(service.name),
      serviceName: service.name,
      clusterArn: `${accountArn}:cluster/prod`,
      status: 'ACTIVE',
      desiredCount: service.desiredCount,
      runningCount: service.runningCount ?? service.desiredCount,
      deployments,
    },
  ];
}

/** A SEARCH of the handler's packed form: one series per named service, labelled cluster/service. */
function answerQuery(
  query: MetricDataQuery,
  byName: Map<string, FakeService>,
  now: number,
): MetricDataResult[] {
  const expression = query.Expression ?? '';
  if (!expression.startsWith('SEARCH(')) return [{ Id: query.Id, Timestamps: [], Values: [] }];
  const names = [...expression.matchAll(/ServiceName="([^"]+)"/g)].map((m) => m[1] ?? '');
  return names.flatMap((name) => {
    const service = byName.get(name);
    const points = pointsFor(expression, service, now);
    if (!service || points === undefined) return [];
    return [
      {
        Id: query.Id,
        Label: `prod/${name}`,
        Timestamps: points.map(([at]) => new Date(at)),
        Values: points.map(([, value]) => value),
        StatusCode: 'Complete',
      },
    ];
  });
}

function pointsFor(expression: string, service: FakeService | undefined, now: number) {
  const minute = Math.floor(now / 60_000) * 60_000 - 60_000;
  if (expression.includes('"CPUUtilization"')) return value(service?.cpu, minute);
  if (expression.includes('"MemoryUtilization"')) return value(service?.memory, minute);
  if (!expression.includes('"RecommendedTaskCount"') || !service?.recommendations) return undefined;
  return Object.entries(service.recommendations).map(
    ([ago, v]) => [now - Number(ago) * 1000, v] as [number, number],
  );
}

function value(v: number | undefined, at: number): [number, number][] | undefined {
  return v === undefined ? undefined : [[at, v]];
}
