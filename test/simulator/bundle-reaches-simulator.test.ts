import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorEnvironment } from '../../simulator/environment.ts';
import { type Simulator, startSimulator } from '../../simulator/index.ts';
import { loadFixture } from '../support/fixtures.ts';
import { createLambdaContext } from '../support/lambda-context.ts';

describe('a built function bundle', () => {
  let sim: Simulator;
  const saved = { ...process.env };

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: {
        clusters: ['prod'],
        taskDefinitions: [{ family: 'api', revisions: 3, oldestAge: '60d', newestAge: '30d' }],
      },
    });
    // Only the SDK's standard endpoint variable points the bundle at the simulator.
    Object.assign(process.env, {
      ...simulatorEnvironment(sim.endpoint),
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    delete process.env.POLICY_FILE;
  });

  afterAll(async () => {
    process.env = saved;
    await sim.close();
  });

  it('reaches the simulator through AWS_ENDPOINT_URL and acts on its account', async () => {
    // Prepare: the bundle as `serverless package` zips it, in a fresh module instance.
    const url = `${pathToFileURL('dist/prune-task-definitions/index.mjs').href}?reach=1`;
    const { handler } = (await import(url)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };

    // Act: the scheduled event, with the bundled default policy (dry run).
    const report = (await handler(
      loadFixture('scheduled-event-prune.json'),
      createLambdaContext(),
    )) as {
      dryRun: boolean;
    };

    // Assess: the calls arrived at the simulator, and a dry run wrote nothing.
    expect(report.dryRun).toBe(true);
    expect(sim.calls.count({ action: 'ListTaskDefinitions' })).toBeGreaterThan(0);
    expect(sim.calls.count({ action: 'DeregisterTaskDefinition' })).toBe(0);
    expect(
      [...sim.account.taskDefinitions.values()].every((revision) => revision.status === 'ACTIVE'),
    ).toBe(true);
  });
});
