/**
 * CreateService, ListServices, DescribeServices and UpdateService.
 */
import { lastSegment, resolveCluster, serviceArnOf } from '../arn.ts';
import type { SimContext } from '../context.ts';
import { AwsError, invalidParameter } from '../errors.ts';
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
import type { ClusterRecord, ServiceRecord } from '../state.ts';
import { readTags } from '../tags.ts';
import { buildService, newDeployment, toWireService } from './service-records.ts';
import { findRunnableTaskDefinition } from './task-definitions.ts';

function serviceNotFound(): AwsError {
  return new AwsError('ServiceNotFoundException', 'Service not found.');
}

function findService(ctx: SimContext, cluster: ClusterRecord, ref: string): ServiceRecord {
  const service = ctx.account.services.get(
    serviceArnOf(ctx.account, cluster.name, lastSegment(ref)),
  );
  if (!service) throw serviceNotFound();
  return service;
}

/** CreateService (names are unique per cluster; the revision must be ACTIVE). */
export function createService(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const name = requireString(input, 'serviceName');
  if (ctx.account.services.has(serviceArnOf(ctx.account, cluster.name, name))) {
    throw invalidParameter('Creation of service was not idempotent.');
  }
  const taskDefinition = findRunnableTaskDefinition(ctx, requireString(input, 'taskDefinition'));
  const controller = optionalObject(input, 'deploymentController')?.type;
  const strategy = objectList(input, 'capacityProviderStrategy');
  const service = buildService(ctx.account, {
    cluster,
    name,
    taskDefinitionArn: taskDefinition.arn,
    desiredCount: optionalNumber(input, 'desiredCount') ?? 0,
    launchType: optionalString(input, 'launchType'),
    capacityProviderStrategy: strategy.length > 0 ? strategy : undefined,
    platformVersion: optionalString(input, 'platformVersion'),
    schedulingStrategy:
      optionalString(input, 'schedulingStrategy') === 'DAEMON' ? 'DAEMON' : 'REPLICA',
    deploymentController:
      controller === 'EXTERNAL' || controller === 'CODE_DEPLOY' ? controller : 'ECS',
    networkConfiguration: optionalObject(input, 'networkConfiguration'),
    tags: readTags(input),
    createdAt: ctx.now(),
  });
  ctx.account.services.set(service.arn, service);
  return { service: toWireService(ctx.account, service, false) };
}

/** ListServices: pages of 10 by default, at most 100. */
export function listServices(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const launchType = optionalString(input, 'launchType');
  const scheduling = optionalString(input, 'schedulingStrategy');
  const items = [...ctx.account.services.values()]
    .filter(
      (service) =>
        service.clusterArn === cluster.arn &&
        service.status !== 'INACTIVE' &&
        (launchType === undefined || service.launchType === launchType) &&
        (scheduling === undefined || service.schedulingStrategy === scheduling),
    )
    .sort((a, b) => (a.arn < b.arn ? -1 : 1));
  const page = paginate({
    items,
    key: (service) => service.arn,
    maxResults: optionalNumber(input, 'maxResults'),
    defaultSize: 10,
    limit: 100,
    nextToken: optionalString(input, 'nextToken'),
  });
  return { serviceArns: page.items.map((service) => service.arn), nextToken: page.nextToken };
}

/** DescribeServices: at most 10 per call; unknown ones come back as MISSING failures. */
export function describeServices(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const refs = stringList(input, 'services');
  if (refs.length === 0) throw invalidParameter('Services cannot be empty.');
  if (refs.length > 10) throw invalidParameter('Services can have at most 10 items.');
  const withTags = stringList(input, 'include').includes('TAGS');
  const services: Input[] = [];
  const failures: Input[] = [];
  for (const ref of refs) {
    const arn = serviceArnOf(ctx.account, cluster.name, lastSegment(ref));
    const service = ctx.account.services.get(arn);
    if (service) services.push(toWireService(ctx.account, service, withTags));
    else failures.push({ arn, reason: 'MISSING' });
  }
  return { services, failures };
}

/**
 * UpdateService: a new desiredCount applies at once; a new (ACTIVE) task definition or
 * forceNewDeployment starts a PRIMARY deployment and demotes the previous one to ACTIVE.
 * @throws AwsError ServiceNotFoundException, ServiceNotActiveException, ClientException.
 */
export function updateService(ctx: SimContext, input: Input) {
  const cluster = resolveCluster(ctx, optionalString(input, 'cluster'));
  const service = findService(ctx, cluster, requireString(input, 'service'));
  if (service.status !== 'ACTIVE') {
    throw new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
  }
  const desiredCount = optionalNumber(input, 'desiredCount');
  if (desiredCount !== undefined) {
    if (!Number.isInteger(desiredCount) || desiredCount < 0) {
      throw invalidParameter('desiredCount must be a non-negative integer.');
    }
    if (desiredCount !== service.desiredCount) {
      const change = { at: ctx.now(), from: service.desiredCount, to: desiredCount };
      service.desiredCountChanges = [...(service.desiredCountChanges ?? []), change];
    }
    service.desiredCount = desiredCount;
  }
  const ref = optionalString(input, 'taskDefinition');
  const force = optionalBoolean(input, 'forceNewDeployment') ?? false;
  if ((ref !== undefined || force) && service.deploymentController !== 'ECS') {
    throw invalidParameter('Updating the task definition requires the ECS deployment controller.');
  }
  const current = service.deployments[0]?.taskDefinition;
  const next = ref === undefined ? current : findRunnableTaskDefinition(ctx, ref).arn;
  if (next !== undefined && (next !== current || force)) {
    for (const deployment of service.deployments) deployment.status = 'ACTIVE';
    service.deployments.unshift(newDeployment(next, ctx.now()));
  }
  return { service: toWireService(ctx.account, service, false) };
}
