import { deleteTaskDefinitions, deregisterTaskDefinition } from '../aws/ecs-task-definitions.ts';
import { AwsCallError } from '../runtime/errors.ts';
import {
  batchForDelete,
  formatTaskDefinitionRef,
  type PrunePlan,
  parseTaskDefinitionRef,
} from './policy/index.ts';

/** One revision the act step could not remove, with ECS's reason. */
export type PruneFailure = { ref: string; action: 'deregister' | 'delete'; reason: string };

/** What the act step did. References are `family:revision`. */
export type PruneExecution = {
  /** Why nothing was sent, when nothing was. */
  skipped: 'dry-run' | 'partial-inventory' | 'guard-refused' | undefined;
  /** Deregistered now, or found already INACTIVE (the goal is met either way). */
  deregistered: string[];
  alreadyInactive: number;
  deleted: string[];
  failures: PruneFailure[];
  /** A lane stopped because the next call could not finish within the time budget. */
  stoppedByTimeBudget: boolean;
  /** A lane stopped after a transient failure (throttling that outlasted the SDK's retries). */
  stoppedByTransientError: boolean;
};

/** How the act step knows whether the next call still fits in the invocation. */
export type PruneExecutionOptions = {
  /** Milliseconds before the function must stop starting work (`ctx.remainingMs`). */
  remainingMs: () => number;
  /** Milliseconds the pacer would make this command wait now (`getPacer().waitTimeMs`). */
  waitTimeMs: (commandName: string) => number;
};

/** Room left for the call itself once its pacer token is granted. */
const callAllowanceMs = 1_000;

/**
 * Performs a prune plan: deregistrations one by one, oldest first, and deletions 10 a call,
 * both at once (ECS throttles them in separate buckets, and the pacer paces each). Each lane
 * stops before a call that could not finish within the time budget; the next run recomputes
 * the plan from what is then ACTIVE or INACTIVE, so nothing needs a cursor and nothing is
 * deregistered twice. Sends nothing for a dry run, a plan made on a partial inventory or a plan
 * the guard refused.
 *
 * Requires ecs:DeregisterTaskDefinition and ecs:DeleteTaskDefinitions.
 *
 * @returns what was done, per revision failures, and whether a lane stopped early.
 */
export async function executePrunePlan(
  plan: PrunePlan,
  options: PruneExecutionOptions,
): Promise<PruneExecution> {
  const execution: PruneExecution = {
    skipped: plan.dryRun
      ? 'dry-run'
      : plan.reason === 'partial-inventory' || plan.reason === 'guard-refused'
        ? plan.reason
        : undefined,
    deregistered: [],
    alreadyInactive: 0,
    deleted: [],
    failures: [],
    stoppedByTimeBudget: false,
    stoppedByTransientError: false,
  };
  if (execution.skipped !== undefined) return execution;
  const hasTimeFor = (commandName: string): boolean => {
    if (options.remainingMs() > options.waitTimeMs(commandName) + callAllowanceMs) return true;
    execution.stoppedByTimeBudget = true;
    return false;
  };
  await Promise.all([
    deregisterLane(plan.deregister, execution, hasTimeFor),
    deleteLane(plan.delete, execution, hasTimeFor),
  ]);
  return execution;
}

async function deregisterLane(
  refs: readonly string[],
  execution: PruneExecution,
  hasTimeFor: (commandName: string) => boolean,
): Promise<void> {
  for (const ref of refs) {
    if (!hasTimeFor('DeregisterTaskDefinitionCommand')) return;
    try {
      const result = await deregisterTaskDefinition(ref);
      execution.deregistered.push(ref);
      if (result === 'already-inactive') execution.alreadyInactive += 1;
    } catch (error) {
      execution.failures.push({ ref, action: 'deregister', reason: reasonOf(error) });
      if (stopsLane(error, execution)) return;
    }
  }
}

async function deleteLane(
  refs: readonly string[],
  execution: PruneExecution,
  hasTimeFor: (commandName: string) => boolean,
): Promise<void> {
  for (const batch of batchForDelete(refs)) {
    if (!hasTimeFor('DeleteTaskDefinitionsCommand')) return;
    try {
      const result = await deleteTaskDefinitions(batch);
      execution.deleted.push(...result.deleted.map(toRef));
      for (const failure of result.failures) {
        execution.failures.push({
          ref: toRef(failure.arn),
          action: 'delete',
          reason: failure.reason,
        });
      }
    } catch (error) {
      const reason = reasonOf(error);
      for (const ref of batch) execution.failures.push({ ref, action: 'delete', reason });
      if (stopsLane(error, execution)) return;
    }
  }
}

/** Throttling that outlasted the retries means the account is busy: leave the rest to the next run. */
function stopsLane(error: unknown, execution: PruneExecution): boolean {
  if (error instanceof AwsCallError && error.transient) {
    execution.stoppedByTransientError = true;
    return true;
  }
  return false;
}

function reasonOf(error: unknown): string {
  if (error instanceof AwsCallError) return error.awsErrorName;
  return error instanceof Error ? error.name : 'UnknownError';
}

/** ECS answers with full ARNs; the report speaks `family:revision` like the plan. */
function toRef(arn: string): string {
  const ref = parseTaskDefinitionRef(arn);
  return ref?.revision === undefined ? arn : formatTaskDefinitionRef(ref.family, ref.revision);
}
