import type { PolicyConfig } from '../../shared/config/policy-schema.ts';
import { gatherPruneInventory } from '../../shared/prune/inventory/gather-inventory.ts';
import { guardPrunePlan, type PrunePlan, planPrune } from '../../shared/prune/policy/index.ts';
import { type CliIo, writeLines } from '../cli-io.ts';
import { awsOptions, parseCommandArgs } from '../parse-command-args.ts';
import { prepareAwsRun } from '../prepare-aws-run.ts';
import { describePolicySource } from '../resolve-policy.ts';
import { formatPrunePlan } from './prune-plan-view.ts';
import { AWS_OPTIONS_HELP, EXIT_STATUS_HELP } from './shared-help.ts';

export const planPruneHelp = `Usage: ecs-autopilot plan prune [options]

Shows what the pruneTaskDefinitions function would do in the account now: every
task-definition revision, kept or removed, with its reason, and every place it looked
for revisions in use (services, tasks, pending restarts, rules on every event bus,
Scheduler schedules, Step Functions state machines, retain tags) with the references
each gave. Read-only: it never deregisters or deletes. Every family is probed, so the
plan shows every removable revision; revisions beyond prune.maxChangesPerRun show as
over-change-cap (later runs take them).

When any source could not be read (or a state machine computes a task definition that
prune.dynamicReferences does not resolve) the function would remove nothing: the plan
is printed with its gaps, and the exit status is 1.

Options:
${AWS_OPTIONS_HELP}
  --family NAME      only this family (repeat for more); default: every family
  --json             the whole plan as JSON on stdout: reason, gaps, sources,
                     dynamicReferences, deregister, delete, summary, and a decision
                     with a reason for every revision

${EXIT_STATUS_HELP}`;

const options = { ...awsOptions, family: { type: 'string', multiple: true } } as const;

/**
 * `plan prune`: the prune function's gather and pure plan, stopped before its guard and act
 * steps. The inventory is gathered as for a dry run, so probing never stops at the change cap.
 *
 * @returns the exit status: 1 when the inventory is incomplete (the function would remove
 *   nothing): the gaps are in the plan on stdout (text or JSON), and a note on stderr.
 * @throws UsageError, InvalidConfigError, or Error for a missing Region or credentials.
 */
export async function runPlanPrune(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('plan prune', args, options, 0);
  if (values.help) {
    io.stdout.write(`${planPruneHelp}\n`);
    return 0;
  }
  const run = await prepareAwsRun(values, io, (policy: PolicyConfig) => policy.prune.pacingShare);
  const config = run.policy.prune;
  const now = io.now();
  const { plan, gathered } = await run.progress.track(async () => {
    run.progress.step(
      'reading task definitions, services, tasks, rules, schedules and state machines',
    );
    const gathered = await gatherPruneInventory({
      config: { ...config, dryRun: true },
      restart: run.policy.restart,
      now,
      families: values.family,
    });
    // The function's own plan and guard; the act step is where the preview stops.
    const plan = guardPrunePlan(
      planPrune(gathered.inventory, config, now.getTime()),
      config.maxChangesPerRun,
    );
    return { plan, gathered };
  });

  if (values.json) {
    const document = {
      command: 'plan prune',
      generatedAt: now.toISOString(),
      region: run.region,
      policy: describePolicySource(run.source),
      maxChangesPerRun: config.maxChangesPerRun,
      ...plan,
      complete: plan.gaps.length === 0,
      probes: gathered.probes,
    };
    io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return exitStatusOf(plan, io);
  }
  writeLines(io.stdout, formatPrunePlan(plan, { maxChangesPerRun: config.maxChangesPerRun }));
  return exitStatusOf(plan, io);
}

/** An incomplete inventory is a failure to plan: the deployed function would remove nothing. */
function exitStatusOf(plan: PrunePlan, io: CliIo): number {
  if (plan.gaps.length === 0) return 0;
  io.stderr.write(
    `inventory incomplete: ${plan.gaps.length} gap(s), so the function would remove nothing\n`,
  );
  return 1;
}
