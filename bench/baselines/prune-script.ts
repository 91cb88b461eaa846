/**
 * Baseline: the task-definition cleanup script people run today. For every family that has an
 * ACTIVE revision (ListTaskDefinitionFamilies), list its ACTIVE revisions newest first with
 * `familyPrefix` and deregister all but the newest KEEP_NEWEST, one after another, with the SDK's
 * default retries. No pacing, no check of what is in use, errors logged and skipped.
 *
 * Run by the benchmark in its own process against the simulator (AWS_ENDPOINT_URL), once per run
 * as a cron would; it reports its own counts, and when its work started and ended by its own `Date`
 * (the simulated clock, as ours is timed), over IPC. Time may be compressed by the parent
 * (bench/support/time-warp.ts); the SDK's retry jitter is seeded (bench/support/seeded-random.ts).
 */
import { installSeededRandomFromEnvironment } from '../support/seeded-random.ts';
import { installTimeWarpFromEnvironment } from '../support/time-warp.ts';

installTimeWarpFromEnvironment(process.env);
installSeededRandomFromEnvironment(process.env);
// Imported after the warp, so the SDK only ever sees the compressed clock.
const {
  DeregisterTaskDefinitionCommand,
  ECSClient,
  paginateListTaskDefinitionFamilies,
  paginateListTaskDefinitions,
} = await import('@aws-sdk/client-ecs');

const keepNewest = Number(process.env.KEEP_NEWEST ?? '10');
const ecs = new ECSClient({});

const attempted: string[] = [];
let deregistered = 0;
const errors: Record<string, number> = {};

const startedAt = Date.now();
const families: string[] = [];
for await (const page of paginateListTaskDefinitionFamilies(
  { client: ecs },
  { status: 'ACTIVE' },
)) {
  families.push(...(page.families ?? []));
}
for (const family of families) {
  const arns: string[] = [];
  const pages = paginateListTaskDefinitions(
    { client: ecs },
    { familyPrefix: family, status: 'ACTIVE', sort: 'DESC' },
  );
  for await (const page of pages) arns.push(...(page.taskDefinitionArns ?? []));
  for (const arn of arns.slice(keepNewest)) {
    attempted.push(arn);
    try {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
      deregistered += 1;
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      errors[name] = (errors[name] ?? 0) + 1;
    }
  }
}

const endedAt = Date.now();
const result = { families: families.length, attempted, deregistered, errors, startedAt, endedAt };

process.send?.({ result, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
