/**
 * RunTask (with clientToken idempotency), StopTask, ListTasks and DescribeTasks.
 */
import { lastSegment, resolveCluster, resolveTaskArn } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { clientException, invalidParameter } from '../errors.ts';
import { assertCanPassRoles, callerOf } from '../iam.ts';
import {
  type Input,
  objectList,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requireString,
  stringList,
} from '../input.ts';
import { paginate } from '../paginate.ts';
import type { RequestInfo } from '../router.ts';
import type { TaskDefinitionRecord, TaskRecord } from '../state.ts';
import { mergeTags, readTags } from '../tags.ts';
import { findRunnableTaskDefinition } from './task-definitions.ts';
import { requestStop, StopCode } from './task-lifecycle.ts';
import { buildTask, toWireTask } from './task-records.ts';

/**
 * RunTask. The same clientToken with the same parameters returns the tasks the first call
 * started and starts nothing; with different parameters it is refused.
 * @throws AwsError ClientException for an unusable task definition (INACTIVE) or a reused token;
 *   InvalidParameterException for an invalid request (a public IP on EC2); AccessDeniedException
 *   when the caller may not pass the task's roles (`iam:PassRole`).
 */
export function runTask(ctx: SimContext, input: Input, request: RequestInfo = {}) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const token = optionalString(input, 'clientToken');
  if (token !== undefined && token.length > 64) throw invalidParameter('clientToken is too long.');
  const fingerprint = JSON.stringify({ ...input, clientToken: undefined, cluster: cluster.arn });
  const previous = token === undefined ? undefined : ctx.account.clientTokens.get(token);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      throw clientException('The clientToken was already used with different parameters.');
    }
    const tasks = previous.taskArns.flatMap((arn) => ctx.account.tasks.get(arn) ?? []);
    return { tasks: tasks.map((task) => toWireTask(task, false)), failures: [] };
  }
  const taskDefinition = findRunnableTaskDefinition(ctx, requireString(input, 'taskDefinition'));
  const count = optionalNumber(input, 'count') ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw invalidParameter('count must be between 1 and 10.');
  }
  const strategy = objectList(input, 'capacityProviderStrategy');
  const launchType = optionalString(input, 'launchType');
  if (strategy.length > 0 && launchType !== undefined) {
    throw invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported.',
    );
  }
  const networkConfiguration = optionalObject(input, 'networkConfiguration');
  if (taskDefinition.body.networkMode === 'awsvpc' && !networkConfiguration) {
    throw invalidParameter(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
  assertPublicIpAllowed(networkConfiguration, launchType, strategy);
  assertCanPassRoles(ctx.account, callerOf(ctx.account, request.accessKeyId), [
    ...passedRoles(taskDefinition, optionalObject(input, 'overrides')),
  ]);
  const failure = ctx.injected.runTaskFailures.shift();
  if (failure !== undefined) {
    return { tasks: [], failures: [{ arn: cluster.arn, reason: failure }] };
  }
  const propagated = optionalString(input, 'propagateTags') === 'TASK_DEFINITION';
  const tags = mergeTags(propagated ? taskDefinition.tags : [], readTags(input));
  const tasks: TaskRecord[] = [];
  for (let index = 0; index < count; index += 1) {
    const task = buildTask(ctx, {
      cluster,
      taskDefinition,
      launchType,
      capacityProviderStrategy: strategy.length > 0 ? strategy : undefined,
      platformVersion: optionalString(input, 'platformVersion'),
      group: optionalString(input, 'group'),
      startedBy: optionalString(input, 'startedBy'),
      overrides: optionalObject(input, 'overrides'),
      networkConfiguration: networkConfiguration as TaskRecord['networkConfiguration'],
      enableExecuteCommand: optionalBoolean(input, 'enableExecuteCommand'),
      tags,
    });
    ctx.account.tasks.set(task.arn, task);
    ctx.emitTaskEvent(task);
    tasks.push(task);
  }
  if (token !== undefined) {
    ctx.account.clientTokens.set(token, { fingerprint, taskArns: tasks.map((task) => task.arn) });
  }
  return { tasks: tasks.map((task) => toWireTask(task, false)), failures: [] };
}

/**
 * A public IP exists only on Fargate: "Assign public IP is not supported for this launch type"
 * (RunTask on EC2, aws/aws-cdk#13348; EventBridge's EcsParameters: ENABLED "only when LaunchType
 * is FARGATE"). A capacity provider strategy runs on Fargate when its providers are FARGATE*.
 */
function assertPublicIpAllowed(
  network: Input | undefined,
  launchType: string | undefined,
  strategy: Input[],
) {
  const vpc = network?.awsvpcConfiguration as { assignPublicIp?: unknown } | undefined;
  if (vpc?.assignPublicIp !== 'ENABLED') return;
  const fargate =
    strategy.length > 0
      ? strategy.every((item) => String(item.capacityProvider).startsWith('FARGATE'))
      : launchType === 'FARGATE';
  if (!fargate) throw invalidParameter('Assign public IP is not supported for this launch type.');
}

/** The roles a task of `taskDefinition` runs with: the overrides', else the revision's. */
function passedRoles(taskDefinition: TaskDefinitionRecord, overrides: Input | undefined): string[] {
  const pick = (field: 'taskRoleArn' | 'executionRoleArn') => {
    const value = overrides?.[field] ?? taskDefinition.body[field];
    return typeof value === 'string' && value !== '' ? [value] : [];
  };
  return [...pick('taskRoleArn'), ...pick('executionRoleArn')];
}

/** StopTask: records the reason; the task reaches STOPPED on the next lifecycle step. */
export function stopTask(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const task = ctx.account.tasks.get(resolveTaskArn(ctx, cluster, requireString(input, 'task')));
  if (!task) throw invalidParameter('The referenced task was not found.');
  const reason = optionalString(input, 'reason');
  if (reason !== undefined && reason.length > 255) throw invalidParameter('reason is too long.');
  requestStop(ctx, task, { stopCode: StopCode.userInitiated, reason });
  return { task: toWireTask(task, false) };
}

/** DescribeTasks: up to 100 tasks, `failures[]` with reason MISSING for unknown ones. */
export function describeTasks(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const refs = stringList(input, 'tasks');
  if (refs.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (refs.length > 100) throw invalidParameter('Tasks can have at most 100 items.');
  const withTags = stringList(input, 'include').includes('TAGS');
  const tasks: Input[] = [];
  const failures: Input[] = [];
  for (const ref of refs) {
    const arn = resolveTaskArn(ctx, cluster, ref);
    const task = ctx.account.tasks.get(arn);
    if (task) tasks.push(toWireTask(task, withTags));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { tasks, failures };
}

/** ListTasks: filters as ECS does; desiredStatus defaults to RUNNING (PENDING matches none). */
export function listTasks(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const desired = optionalString(input, 'desiredStatus') ?? 'RUNNING';
  if (!['RUNNING', 'PENDING', 'STOPPED'].includes(desired)) {
    throw invalidParameter(`Invalid desiredStatus: ${desired}`);
  }
  const family = optionalString(input, 'family');
  const serviceName = optionalString(input, 'serviceName');
  const startedBy = optionalString(input, 'startedBy');
  const launchType = optionalString(input, 'launchType');
  const items = [...ctx.account.tasks.values()]
    .filter(
      (task) =>
        task.clusterArn === cluster.arn &&
        task.desiredStatus === desired &&
        (family === undefined || familyOf(task) === family) &&
        (serviceName === undefined || task.group === `service:${lastSegment(serviceName)}`) &&
        (startedBy === undefined || task.startedBy === startedBy) &&
        (launchType === undefined || task.launchType === launchType),
    )
    .sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const page = paginate({
    items,
    key: (task) => task.arn,
    maxResults: optionalNumber(input, 'maxResults'),
    defaultSize: 100,
    limit: 100,
    nextToken: optionalString(input, 'nextToken'),
  });
  return { taskArns: page.items.map((task) => task.arn), nextToken: page.nextToken };
}

function familyOf(task: TaskRecord): string {
  return lastSegment(task.taskDefinitionArn).split(':')[0] ?? '';
}
