/**
 * The control loop the scenario driver steps: services converge toward their desired count one
 * step at a time, tasks move one lifecycle step, and expired state is cleaned up.
 */
import type { SimContext } from '../context.ts';
import type { ServiceRecord, TaskRecord } from '../state.ts';
import { liveServiceTasks } from './service-records.ts';
import { completeDeletions } from './task-definition-lists.ts';
import { findTaskDefinition } from './task-definitions.ts';
import { advanceTask, isProtected, requestStop, StopCode } from './task-lifecycle.ts';
import { buildTask } from './task-records.ts';

/** One step of the whole account: services, then tasks, then housekeeping. */
export function reconcile(ctx: SimContext): void {
  const byService = new Map<string, TaskRecord[]>();
  for (const task of ctx.account.tasks.values()) {
    if (task.serviceArn === undefined || task.lastStatus === 'STOPPED') continue;
    const list = byService.get(task.serviceArn) ?? [];
    list.push(task);
    byService.set(task.serviceArn, list);
  }
  const existing = [...ctx.account.tasks.values()];
  for (const service of ctx.account.services.values()) {
    reconcileService(ctx, service, byService.get(service.arn) ?? []);
  }
  for (const task of existing) advanceTask(ctx, task);
  for (const service of ctx.account.services.values()) completeRollout(ctx, service);
  cleanUp(ctx);
}

/**
 * Fails a service's rollout as the deployment circuit breaker does without rollback: the PRIMARY
 * deployment becomes FAILED and launches no more tasks; older deployments drain as usual and
 * are then dropped, leaving the single FAILED deployment.
 * @throws Error when the service does not exist or has no deployment.
 */
export function failRollout(ctx: SimContext, serviceArn: string): void {
  const service = ctx.account.services.get(serviceArn);
  const primary = service?.deployments[0];
  if (!primary) throw new Error(`no deployment to fail for ${serviceArn}`);
  primary.rolloutState = 'FAILED';
  primary.updatedAt = ctx.now();
}

/** Moves every task that is starting straight to RUNNING (and finishes pending stops). */
export function startAllTasks(ctx: SimContext): void {
  for (const task of ctx.account.tasks.values()) {
    while (advanceTask(ctx, task, true)) {
      // each step emits its own event, as ECS does
    }
  }
}

function reconcileService(ctx: SimContext, service: ServiceRecord, tasks: TaskRecord[]): void {
  if (service.deploymentController !== 'ECS' || service.status !== 'ACTIVE') return;
  const primary = service.deployments[0];
  if (!primary) return;
  const live = tasks.filter((task) => task.desiredStatus === 'RUNNING');
  const ofPrimary = live.filter((task) => task.deploymentId === primary.id);
  const missing = service.desiredCount - ofPrimary.length;
  // A deployment the circuit breaker failed "stops launching new tasks" (DeploymentCircuitBreaker).
  if (missing > 0 && primary.rolloutState !== 'FAILED') {
    startServiceTasks(ctx, service, primary.id, primary.taskDefinition, missing);
  }
  const excessPrimary = ofPrimary.length - service.desiredCount;
  const outdated = live.filter((task) => task.deploymentId !== primary.id);
  const now = ctx.now();
  const candidates = [...outdated, ...ofPrimary.slice(0, Math.max(0, excessPrimary))];
  const primaryRunning = ofPrimary.filter((task) => task.lastStatus === 'RUNNING').length;
  for (const task of candidates) {
    // New tasks must be running before old ones go (minimumHealthyPercent 100).
    const old = task.deploymentId !== primary.id;
    if (old && primaryRunning < service.desiredCount) continue;
    if (isProtected(task, now)) continue;
    requestStop(ctx, task, {
      stopCode: StopCode.serviceSchedulerInitiated,
      reason: `Scaling activity initiated by (deployment ${task.deploymentId ?? primary.id})`,
    });
  }
}

/** A rollout completes when the primary runs its desired count and older deployments are empty. */
function completeRollout(ctx: SimContext, service: ServiceRecord): void {
  const [primary, ...older] = service.deployments;
  if (!primary || service.deploymentController !== 'ECS') return;
  const live = liveServiceTasks(ctx.account, service);
  const drained = older.every(
    (deployment) => !live.some((task) => task.deploymentId === deployment.id),
  );
  if (!drained) return;
  service.deployments = [primary];
  const running = live.filter(
    (task) => task.deploymentId === primary.id && task.lastStatus === 'RUNNING',
  );
  if (primary.rolloutState === 'IN_PROGRESS' && running.length >= service.desiredCount) {
    primary.rolloutState = 'COMPLETED';
    primary.updatedAt = ctx.now();
  }
}

function startServiceTasks(
  ctx: SimContext,
  service: ServiceRecord,
  deploymentId: string,
  taskDefinitionArn: string,
  count: number,
): void {
  const cluster = [...ctx.account.clusters.values()].find((c) => c.arn === service.clusterArn);
  if (!cluster) return;
  const taskDefinition = findTaskDefinition(ctx, taskDefinitionArn);
  for (let index = 0; index < count; index += 1) {
    const task = buildTask(ctx, {
      cluster,
      taskDefinition,
      launchType: service.launchType,
      capacityProviderStrategy: service.capacityProviderStrategy as never,
      platformVersion: service.platformVersion,
      group: `service:${service.name}`,
      startedBy: deploymentId,
      networkConfiguration: service.networkConfiguration as TaskRecord['networkConfiguration'],
      serviceArn: service.arn,
      deploymentId,
    });
    ctx.account.tasks.set(task.arn, task);
    ctx.emitTaskEvent(task);
  }
}

/**
 * Removes STOPPED tasks past their retention, expired scale-in protection, and finished
 * task-definition deletions. Runs before every request, so it follows the clock.
 */
export function cleanUp(ctx: SimContext): void {
  const now = ctx.now();
  const horizon = now - ctx.settings.stoppedTaskRetentionMs;
  for (const task of [...ctx.account.tasks.values()]) {
    if (task.lastStatus === 'STOPPED' && (task.stoppedAt ?? now) < horizon) {
      ctx.account.tasks.delete(task.arn);
    }
    if (task.protection?.expiresAt !== undefined && task.protection.expiresAt <= now) {
      task.protection = { enabled: false };
    }
    const health = task.health;
    if (health?.status === 'UNKNOWN' && health.healthyAt !== undefined && health.healthyAt <= now) {
      health.status = 'HEALTHY';
    }
  }
  completeDeletions(ctx);
}
