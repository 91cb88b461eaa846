import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadFixture } from '../support/fixtures.ts';
import { type FunctionName, recordFigure } from './support/figures.ts';
import { captureOutput, type OutputCapture } from './support/output-capture.ts';
import {
  failJobs,
  RESTART_POLICY,
  RESTART_SCENARIO,
  startJobs,
} from './support/restart-account.ts';
import { takeStoppedEvents } from './support/restart-driver.ts';
import { openAccount, type SimulatedAccount } from './support/simulated-account.ts';

/**
 * A broken policy document, and how many problems each function's error must list: a function
 * validates what it reads (the document-wide keys and the sections it reads); the build and
 * `ecs-autopilot validate` check the whole document.
 */
type BrokenPolicy = {
  name: string;
  file: string;
  text: string | undefined;
  problems: Record<FunctionName, number>;
};
const each = (problems: number) => ({
  'restart-task': problems,
  'prune-task-definitions': problems,
  'scale-services': problems,
});

const broken: BrokenPolicy[] = [
  {
    name: 'YAML that does not parse',
    file: 'policy.yml',
    text: 'restart:\n  select: [\n',
    problems: each(1),
  },
  {
    name: 'wrong types, unknown keys and out-of-range values',
    file: 'policy.json',
    text: JSON.stringify({
      pacing: { share: 2 },
      restart: { maxAttempts: 'six', select: [{ cluster: 'batch', mode: 'sometimes' }] },
      prune: { keepNewest: 0, dryrun: false },
    }),
    // pacing.share for all; restart.maxAttempts and .select[0].mode; prune.keepNewest and .dryrun.
    // Prune reads restart's selection too (pending restarts pin revisions): 1 + 2 + 2.
    problems: { 'restart-task': 3, 'prune-task-definitions': 5, 'scale-services': 1 },
  },
  { name: 'a file that does not exist', file: 'missing.yml', text: undefined, problems: each(1) },
];

const validEvents: Record<FunctionName, (account: SimulatedAccount) => Promise<unknown>> = {
  'restart-task': async ({ sim }) => {
    failJobs(sim, await startJobs(sim, 1));
    return takeStoppedEvents(sim)[0];
  },
  'prune-task-definitions': async () => loadFixture('scheduled-event-prune.json'),
  'scale-services': async () => loadFixture('scheduled-event-scale.json'),
};

describe.each(Object.entries(validEvents))('%s given a broken policy file', (name, validEvent) => {
  const fn = name as FunctionName;
  let account: SimulatedAccount;
  beforeAll(async () => {
    account = await openAccount({
      scenario: RESTART_SCENARIO,
      policy: { restart: RESTART_POLICY },
    });
  });
  afterAll(async () => {
    await account.sim.close();
    vi.useRealTimers();
  });
  // The runs' logs are not what this file checks; keep them out of the test output.
  let capture: OutputCapture;
  beforeEach(() => {
    capture = captureOutput();
  });
  afterEach(() => capture.stop());

  it.for(
    broken.map((policy) => [policy.name, policy] as const),
  )('fails loudly on %s, touches nothing, and recovers once it is fixed', async ([, policy], {
    task,
  }) => {
    // Prepare: a fresh container reads the broken file on its first invocation.
    const event = await validEvent(account);
    const path = join(mkdtempSync(join(tmpdir(), 'broken-policy-')), policy.file);
    if (policy.text !== undefined) writeFileSync(path, policy.text);
    process.env.POLICY_FILE = path;
    const handler = await account.container(fn);
    const calls = account.sim.calls.all.length;

    // Act: Lambda's first try and two retries, then the operator fixes the file.
    const tries = await Promise.allSettled([1, 2, 3].map(() => account.invoke(handler, event)));
    const callsWhileBroken = account.sim.calls.all.length - calls;
    writeFileSync(path, JSON.stringify({ restart: RESTART_POLICY }));
    const fixed = await account.invoke(handler, event);

    // Assess: each try names every problem, nothing reached AWS, and the container recovers.
    for (const result of tries) {
      expect(result.status).toBe('rejected');
      const error = (result as PromiseRejectedResult).reason as {
        name: string;
        problems: string[];
      };
      expect(error.name).toBe('InvalidConfigError');
      expect(error.problems).toHaveLength(policy.problems[fn]);
    }
    expect(callsWhileBroken).toBe(0);
    expect(fixed).not.toMatchObject({ status: 'invalid-event' });
    recordFigure(task, {
      function: fn,
      category: 'bad-input',
      scenario: `broken policy file: ${policy.name}`,
      runs: 4,
      awsWrites: callsWhileBroken,
    });
  });
});
