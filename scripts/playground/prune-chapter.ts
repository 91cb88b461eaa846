import type { Simulator } from '../../simulator/index.ts';
import { invokeBundle } from './invoke-bundle.ts';
import { chapter, colours, detail, say } from './timeline.ts';

type PruneReport = {
  reason: string;
  dryRun: boolean;
  summary: {
    families: {
      family: string;
      kept: Record<string, number>;
      deregistered: number;
      deleted: number;
      /** Planned but not done: everything a dry run would do. */
      pending: number;
      remainingActive: number;
    }[];
    totals: { deregistered: number; deleted: number };
  };
  totalApiCalls: number;
  throttles: number;
  apiCallsPerPrunedRevision?: number;
  stoppedByTimeBudget: boolean;
};

const scheduledEvent = {
  version: '0',
  id: 'playground-prune-schedule',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/ecs-autopilot-playground-prune'],
  detail: {},
};

function printFamilies(report: PruneReport): void {
  for (const family of report.summary.families) {
    const kept = Object.entries(family.kept)
      .map(([reason, count]) => `${count} ${reason}`)
      .join(', ');
    const action = report.dryRun
      ? `would remove ${family.pending}`
      : `deregistered ${family.deregistered}, deleted ${family.deleted}`;
    say('pruneTaskDefinitions', `${family.family}: ${action}; kept ${kept || 'none'}`);
  }
}

/** Shows a prune plan (operator's dry run), then the scheduled run carrying it out under throttling. */
export async function runPruneChapter(sim: Simulator): Promise<void> {
  chapter('Task-definition hygiene');
  say(
    'operator',
    'invokes pruneTaskDefinitions by hand with {"dryRun": true} to see the plan first',
  );
  const plan = (await invokeBundle('prune-task-definitions', { dryRun: true })) as PruneReport;
  printFamilies(plan);
  detail(`plan only: ${plan.totalApiCalls} read calls, nothing written (dry run)`);

  say('schedule', 'hourly rule fires; the policy has dryRun: false');
  const run = (await invokeBundle('prune-task-definitions', scheduledEvent)) as PruneReport;
  printFamilies(run);
  const perRevision = run.apiCallsPerPrunedRevision?.toFixed(2) ?? 'n/a';
  detail(
    `${run.summary.totals.deregistered} deregistered, ${run.summary.totals.deleted} deleted with ${run.totalApiCalls} API calls (${perRevision} per pruned revision), ${run.throttles} throttled by ECS`,
  );
  const inUse = [...sim.account.services.values()].flatMap((service) =>
    service.deployments.map((d) => d.taskDefinition),
  );
  const touched = inUse.filter((arn) => sim.account.taskDefinitions.get(arn)?.status !== 'ACTIVE');
  say(
    'check',
    touched.length === 0
      ? colours.green('every revision in use is still ACTIVE')
      : colours.red(`in-use revisions touched: ${touched.join(', ')}`),
  );
}
