import type { PolicyConfig } from '../../shared/config/policy-schema.ts';
import type { Simulator } from '../../simulator/index.ts';
import { playgroundAccountId, playgroundRegion } from './account.ts';
import { invokeBundle } from './invoke-bundle.ts';
import type { FamilyRevisions, PlaygroundRecord } from './record.ts';
import { chapter, colours, detail, policyInForce, say } from './timeline.ts';

type FamilyCounts = {
  family: string;
  kept: Record<string, number>;
  deregistered: number;
  deleted: number;
  /** Planned but not done: everything a dry run would do. */
  pending: number;
};
type PruneReport = {
  reason: string;
  dryRun: boolean;
  summary: { families: FamilyCounts[]; totals: { deregistered: number; deleted: number } };
  totalApiCalls: number;
  throttles: number;
  apiCallsPerPrunedRevision?: number;
};

const scheduledEvent = () => ({
  version: '0',
  id: 'playground-prune-schedule',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: playgroundAccountId,
  time: new Date().toISOString(),
  region: playgroundRegion,
  resources: [
    `arn:aws:events:${playgroundRegion}:${playgroundAccountId}:rule/ecs-autopilot-playground-prune`,
  ],
  detail: {},
});

/** The prune section in a few words: what is kept, what is removed, the cap. */
function describePrunePolicy(prune: PolicyConfig['prune']): string[] {
  const phase2 = prune.deleteInactive.enabled
    ? `phase 2 on: delete INACTIVE revisions deregistered over ${prune.deleteInactive.graceDays} days ago`
    : 'phase 2 off: INACTIVE revisions are never deleted (deleteInactive.enabled: false)';
  return [
    `prune.dryRun: ${prune.dryRun}${prune.dryRun ? ' (reports only)' : ' (acts)'}`,
    `keep the newest ${prune.keepNewest} per family, any younger than ${prune.minAgeDays} days, any in use or tagged ecs-autopilot:retain`,
    phase2,
    `at most ${prune.maxChangesPerRun} changes per run, at ${prune.pacingShare} of ECS's throttle buckets`,
  ];
}

function keptText(kept: Record<string, number>): string {
  const parts = Object.entries(kept).map(([reason, count]) => `${count} ${reason}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function countRevisions(sim: Simulator): Map<string, { active: number; inactive: number }> {
  const counts = new Map<string, { active: number; inactive: number }>();
  for (const definition of sim.account.taskDefinitions.values()) {
    const family = counts.get(definition.family) ?? { active: 0, inactive: 0 };
    if (definition.status === 'ACTIVE') family.active += 1;
    else if (definition.status === 'INACTIVE') family.inactive += 1;
    counts.set(definition.family, family);
  }
  return counts;
}

/** Shows a prune plan (operator's dry run), then the scheduled run carrying it out in two phases. */
export async function runPruneChapter(
  sim: Simulator,
  policy: PolicyConfig,
  record: PlaygroundRecord,
): Promise<void> {
  chapter('Task-definition hygiene');
  policyInForce(describePrunePolicy(policy.prune));
  const before = countRevisions(sim);
  say('operator', 'invokes pruneTaskDefinitions with {"dryRun": true} to see the plan first');
  const plan = (await invokeBundle('prune-task-definitions', { dryRun: true })) as PruneReport;
  for (const family of plan.summary.families) {
    say(
      'pruneTaskDefinitions',
      `${family.family}: would remove ${family.pending}; keeps ${keptText(family.kept)}`,
    );
  }
  detail(`plan only: ${plan.totalApiCalls} read calls, nothing written (dry run)`);

  say('schedule', `hourly rule fires; prune.dryRun is ${policy.prune.dryRun}`);
  const run = (await invokeBundle('prune-task-definitions', scheduledEvent())) as PruneReport;
  say(
    'pruneTaskDefinitions',
    'phase 1: deregister stale ACTIVE revisions (they can no longer start tasks)',
  );
  for (const family of run.summary.families.filter((f) => f.deregistered > 0)) {
    detail(`${family.family}: deregistered ${family.deregistered}; kept ${keptText(family.kept)}`);
  }
  say('pruneTaskDefinitions', 'phase 2: delete INACTIVE revisions past the grace period');
  const deleted = run.summary.families.filter((f) => f.deleted > 0);
  for (const family of deleted) detail(`${family.family}: deleted ${family.deleted}`);
  if (deleted.length === 0)
    detail('none past the grace period (those deregistered just now wait for it)');
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
  const after = countRevisions(sim);
  record.revisions = [...before].sort().map(
    ([family, counts]): FamilyRevisions => ({
      family,
      before: counts,
      after: after.get(family) ?? { active: 0, inactive: 0 },
    }),
  );
}
