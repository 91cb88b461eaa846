import { afterEach, describe, expect, it } from 'vitest';
import type { PruneRunReport } from '../../shared/prune/report.ts';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { type ScenarioInput, type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { importFreshContainer } from '../support/fresh-container.ts';
import { createLambdaContext } from '../support/lambda-context.ts';
import { writePolicyFile } from '../support/policy-file.ts';

type Handler = (event: unknown, context: unknown) => Promise<PruneRunReport>;

let sim: Simulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Runs one real prune through the built bundle, in a fresh container. */
async function prune(scenario: ScenarioInput, section: Record<string, unknown>) {
  sim = await startSimulator({ scenario });
  Object.assign(process.env, {
    ...simulatorEnvironment(sim.endpoint),
    POLICY_FILE: writePolicyFile({ prune: { dryRun: false, ...section } }),
    DRY_RUN: 'false',
    PACING_TIME_FACTOR: '1000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const module = await importFreshContainer<{ handler: Handler }>('prune-task-definitions');
  const handler: Handler = module.handler;
  return handler(
    loadFixture('scheduled-event-prune.json'),
    createLambdaContext({ remainingMs: 120_000 }),
  );
}

const statusOf = (family: string, revision: number) =>
  [...(sim?.account.taskDefinitions.values() ?? [])].find(
    (record) => record.family === family && record.revision === revision,
  )?.status;

describe('prune-task-definitions reporting, through the built bundle', () => {
  it('deletes what is past its grace period even when the oldest revision was deregistered late', async () => {
    // Prepare: old:1-10 INACTIVE, 1 deregistered yesterday (late), 2-10 sixty days ago.
    const scenario: ScenarioInput = {
      taskDefinitions: [
        {
          family: 'old',
          revisions: 20,
          oldestAge: '400d',
          newestAge: '200d',
          overrides: [
            { revisions: [1], status: 'INACTIVE', deregisteredAge: '1d' },
            { revisions: ['2-10'], status: 'INACTIVE', deregisteredAge: '60d' },
          ],
        },
      ],
    };

    // Act
    const report = await prune(scenario, {
      keepNewest: 10,
      deleteInactive: { enabled: true, graceDays: 30 },
    });

    // Assess
    expect(statusOf('old', 1)).toBe('INACTIVE');
    for (let revision = 2; revision <= 10; revision += 1) {
      expect(statusOf('old', revision)).toBe('DELETE_IN_PROGRESS');
    }
    expect(report.summary.totals).toMatchObject({
      deleted: 9,
      kept: { 'grace-period': 1, 'newest-n': 9, 'last-active': 1 },
      remainingInactive: 1,
    });
  });

  it('counts the revisions already INACTIVE in remainingInactive, with deletion off', async () => {
    // Prepare: app:1-5 INACTIVE already; 6-20 ACTIVE and old.
    const scenario: ScenarioInput = {
      taskDefinitions: [
        {
          family: 'app',
          revisions: 20,
          oldestAge: '200d',
          newestAge: '100d',
          overrides: [{ revisions: ['1-5'], status: 'INACTIVE' }],
        },
      ],
    };

    // Act
    const report = await prune(scenario, { keepNewest: 10 });

    // Assess: 6-10 deregistered now, and the 5 that were INACTIVE before.
    expect(report.summary.totals).toMatchObject({
      deregistered: 5,
      remainingActive: 10,
      remainingInactive: 10,
      kept: { 'delete-disabled': 5, 'newest-n': 9, 'last-active': 1 },
    });
  });
});
