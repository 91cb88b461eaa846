import {
  ClientException,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import {
  EventBridgeClient,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import {
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';

/** One revision of the fake account. */
export type FakeRevision = {
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  registeredAt: Date;
  deregisteredAt?: Date;
  retainTag?: string;
};

/** A cluster with services (deployment and task-set revisions as ARNs) and tasks. */
export type FakeCluster = {
  name: string;
  /** `taskDefinition`: the service's own field, when an emulator lists it beside no deployment. */
  services: { name: string; deployments: string[]; taskSets?: string[]; taskDefinition?: string }[];
  /** `lastStatus`: a PENDING task's desiredStatus is RUNNING, as in ECS. */
  tasks: { id: string; taskDefinitionArn: string; lastStatus: 'RUNNING' | 'PENDING' }[];
  /** Task-definition ARNs that EventBridge rules run on this cluster. */
  schedules?: string[];
};

/** An EventBridge Scheduler schedule running a task definition on a cluster. */
export type FakeSchedule = { group: string; name: string; cluster: string; taskDefinition: string };

/** A state machine and its definition (Amazon States Language, as an object). */
export type FakeStateMachine = { name: string; definition: unknown };

/**
 * A small account served through aws-sdk-client-mock, paginating like the real APIs: ECS, rules
 * on the default bus (per cluster), Scheduler schedules and Step Functions state machines.
 */
export type FakeAccount = {
  revisions: FakeRevision[];
  clusters: FakeCluster[];
  schedules?: FakeSchedule[];
  stateMachines?: FakeStateMachine[];
};

export const accountId = '123456789012';
const prefix = `arn:aws:ecs:us-east-1:${accountId}`;

/** The ARN ECS gives a revision. */
export function revisionArn(family: string, revision: number): string {
  return `${prefix}:task-definition/${family}:${revision}`;
}

/** The mocked clients (created once per test file, reset by {@link serveFakeAccount}). */
export function mockAwsClients() {
  return {
    ecs: mockClient(ECSClient),
    events: mockClient(EventBridgeClient),
    tagging: mockClient(ResourceGroupsTaggingAPIClient),
    scheduler: mockClient(SchedulerClient),
    sfn: mockClient(SFNClient),
  };
}

export type AwsMocks = ReturnType<typeof mockAwsClients>;

/** Pages `items` by `maxResults` with the offset as token, like ECS's opaque nextToken. */
function page<T>(items: readonly T[], token: string | undefined, size: number | undefined) {
  const start = Number(token ?? 0);
  const end = start + (size ?? 100);
  return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
}

const indexes = new WeakMap<FakeAccount, Map<string, FakeRevision>>();

function findRevision(account: FakeAccount, ref: string): FakeRevision | undefined {
  let index = indexes.get(account);
  if (index === undefined) {
    index = new Map(account.revisions.map((item) => [`${item.family}:${item.revision}`, item]));
    indexes.set(account, index);
  }
  return index.get(ref.slice(ref.lastIndexOf('/') + 1));
}

function clusterOf(account: FakeAccount, cluster: string | undefined): FakeCluster {
  const found = account.clusters.find((item) => cluster?.endsWith(`/${item.name}`));
  if (found === undefined) throw new Error(`unknown cluster ${cluster}`);
  return found;
}

/**
 * Serves `account` through the mocks: reads reflect its current state and writes change it, so
 * a second invocation sees what the first did.
 */
export function serveFakeAccount(mocks: AwsMocks, account: FakeAccount, now: () => Date): void {
  const { ecs, events, tagging } = mocks;
  for (const mock of [ecs, events, tagging, mocks.scheduler, mocks.sfn]) mock.reset();
  serveTaskDefinitions(mocks, account, now);
  serveSchedulerAndStepFunctions(mocks, account);
  ecs.on(ListClustersCommand).callsFake(() => ({
    clusterArns: account.clusters.map((cluster) => `${prefix}:cluster/${cluster.name}`),
  }));
  ecs.on(ListServicesCommand).callsFake((input) => {
    const cluster = clusterOf(account, input.cluster);
    const arns = cluster.services.map((s) => `${prefix}:service/${cluster.name}/${s.name}`);
    const { items, next } = page(arns, input.nextToken, input.maxResults);
    return { serviceArns: items, nextToken: next };
  });
  ecs.on(DescribeServicesCommand).callsFake((input) => {
    const cluster = clusterOf(account, input.cluster);
    const services = (input.services ?? []).map((arn: string) => {
      const service = cluster.services.find((item) => arn.endsWith(`/${item.name}`));
      return {
        serviceArn: arn,
        serviceName: service?.name,
        taskDefinition: service?.taskDefinition ?? service?.deployments[0],
        deployments: service?.deployments.map((taskDefinition, index) => ({
          status: index === 0 ? 'PRIMARY' : 'ACTIVE',
          taskDefinition,
        })),
        taskSets: service?.taskSets?.map((taskDefinition) => ({ taskDefinition })),
      };
    });
    return { services, failures: [] };
  });
  ecs.on(ListTasksCommand).callsFake((input) => {
    const cluster = clusterOf(account, input.cluster);
    const arns = cluster.tasks
      // ECS never sets a task's desiredStatus to PENDING, so listing PENDING finds nothing.
      .filter(() => (input.desiredStatus ?? 'RUNNING') === 'RUNNING')
      .map((task) => `${prefix}:task/${cluster.name}/${task.id}`);
    const { items, next } = page(arns, input.nextToken, input.maxResults);
    return { taskArns: items, nextToken: next };
  });
  ecs.on(DescribeTasksCommand).callsFake((input) => {
    const cluster = clusterOf(account, input.cluster);
    const tasks = (input.tasks ?? []).map((arn: string) => {
      const task = cluster.tasks.find((item) => arn.endsWith(`/${item.id}`));
      return { taskArn: arn, taskDefinitionArn: task?.taskDefinitionArn };
    });
    return { tasks, failures: [] };
  });
  events.on(ListEventBusesCommand).resolves({ EventBuses: [{ Name: 'default' }] });
  events.on(ListRulesCommand).callsFake(() => ({
    Rules: account.clusters.flatMap((cluster) =>
      (cluster.schedules ?? []).map((_, index) => ({ Name: `${cluster.name}-${index}` })),
    ),
  }));
  events.on(ListRuleNamesByTargetCommand).callsFake((input) => {
    const cluster = clusterOf(account, input.TargetArn);
    return { RuleNames: (cluster.schedules ?? []).map((_, index) => `${cluster.name}-${index}`) };
  });
  events.on(ListTargetsByRuleCommand).callsFake((input) => {
    const [name, index] = String(input.Rule).split('-');
    const arn = clusterOf(account, `/${name}`).schedules?.[Number(index)];
    return { Targets: [{ Id: 't', Arn: 'x', EcsParameters: { TaskDefinitionArn: arn } }] };
  });
  events.on(PutEventsCommand).callsFake((input) => ({
    FailedEntryCount: 0,
    Entries: (input.Entries ?? []).map((_: unknown, index: number) => ({ EventId: `e${index}` })),
  }));
  tagging.on(GetResourcesCommand).callsFake((input) => {
    const tagged = account.revisions.filter((item) => item.retainTag !== undefined);
    const { items, next } = page(tagged, input.PaginationToken, input.ResourcesPerPage);
    return {
      ResourceTagMappingList: items.map((item) => ({
        ResourceARN: revisionArn(item.family, item.revision),
        Tags: [{ Key: 'ecs-autopilot:retain', Value: item.retainTag }],
      })),
      PaginationToken: next ?? '',
    };
  });
}

function serveSchedulerAndStepFunctions(mocks: AwsMocks, account: FakeAccount): void {
  const schedules = () => account.schedules ?? [];
  mocks.scheduler.on(ListSchedulesCommand).callsFake((input) => {
    const { items, next } = page(schedules(), input.NextToken, input.MaxResults);
    return {
      Schedules: items.map((item) => ({
        GroupName: item.group,
        Name: item.name,
        State: 'ENABLED',
        Target: { Arn: `${prefix}:cluster/${item.cluster}` },
      })),
      NextToken: next,
    };
  });
  mocks.scheduler.on(GetScheduleCommand).callsFake((input) => {
    const item = schedules().find((s) => s.group === input.GroupName && s.name === input.Name);
    return {
      Name: item?.name,
      GroupName: item?.group,
      Target: {
        Arn: `${prefix}:cluster/${item?.cluster}`,
        RoleArn: `arn:aws:iam::${accountId}:role/scheduler`,
        EcsParameters: { TaskDefinitionArn: item?.taskDefinition },
      },
    };
  });
  const machineArn = (name: string) => `arn:aws:states:us-east-1:${accountId}:stateMachine:${name}`;
  mocks.sfn.on(ListStateMachinesCommand).callsFake(() => ({
    stateMachines: (account.stateMachines ?? []).map((machine) => ({
      name: machine.name,
      stateMachineArn: machineArn(machine.name),
      type: 'STANDARD',
      creationDate: new Date(0),
    })),
  }));
  mocks.sfn.on(ListStateMachineVersionsCommand).resolves({ stateMachineVersions: [] });
  mocks.sfn.on(DescribeStateMachineCommand).callsFake((input) => {
    const machine = account.stateMachines?.find(
      (m) => machineArn(m.name) === input.stateMachineArn,
    );
    return { name: machine?.name, definition: JSON.stringify(machine?.definition) };
  });
}

function serveTaskDefinitions(mocks: AwsMocks, account: FakeAccount, now: () => Date): void {
  const { ecs } = mocks;
  ecs.on(ListTaskDefinitionsCommand).callsFake((input) => {
    const arns = account.revisions
      .filter((item) => item.status === (input.status ?? 'ACTIVE'))
      .filter((item) => !input.familyPrefix || item.family.startsWith(input.familyPrefix))
      .sort((a, b) => a.family.localeCompare(b.family) || a.revision - b.revision)
      .map((item) => revisionArn(item.family, item.revision));
    const { items, next } = page(arns, input.nextToken, input.maxResults);
    return { taskDefinitionArns: items, nextToken: next };
  });
  ecs.on(DescribeTaskDefinitionCommand).callsFake((input) => {
    const item = findRevision(account, String(input.taskDefinition));
    if (item === undefined) {
      return Promise.reject(new ClientException({ message: 'Unable to describe', $metadata: {} }));
    }
    return {
      taskDefinition: {
        taskDefinitionArn: revisionArn(item.family, item.revision),
        family: item.family,
        revision: item.revision,
        status: item.status,
        registeredAt: item.registeredAt,
        deregisteredAt: item.deregisteredAt,
        containerDefinitions: [{ name: 'main' }],
      },
      tags: [],
    };
  });
  ecs.on(DeregisterTaskDefinitionCommand).callsFake((input) => {
    const item = findRevision(account, String(input.taskDefinition));
    if (item?.status !== 'ACTIVE') {
      const message = 'The specified task definition is INACTIVE.';
      return Promise.reject(new ClientException({ message, $metadata: {} }));
    }
    item.status = 'INACTIVE';
    item.deregisteredAt = now();
    return { taskDefinition: { taskDefinitionArn: revisionArn(item.family, item.revision) } };
  });
  ecs.on(DeleteTaskDefinitionsCommand).callsFake((input) => {
    const deleted: { taskDefinitionArn: string }[] = [];
    const failures: { arn: string; reason: string }[] = [];
    for (const ref of input.taskDefinitions ?? []) {
      const item = findRevision(account, ref);
      if (item?.status !== 'INACTIVE') {
        failures.push({ arn: ref, reason: 'TASK_DEFINITION_NOT_INACTIVE' });
        continue;
      }
      item.status = 'DELETE_IN_PROGRESS';
      deleted.push({ taskDefinitionArn: revisionArn(item.family, item.revision) });
    }
    return { taskDefinitions: deleted, failures };
  });
}
