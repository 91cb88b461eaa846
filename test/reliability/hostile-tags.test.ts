import { describe, expect, it } from 'vitest';
import { recordFigure } from './support/figures.ts';
import { plantedContainer } from './support/planted-secrets.ts';
import { runUntilConverged, statuses } from './support/prune-account.ts';
import {
  failJobs,
  openRestartAccount,
  RESTART_POLICY,
  SECURITY_GROUP,
  startJobs,
} from './support/restart-account.ts';
import {
  createPool,
  deliverEvent,
  drainDelayQueue,
  restartsOf,
  takeStoppedEvents,
} from './support/restart-driver.ts';
import { openScaleAccount, runTicks } from './support/scale-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';

const hooks = installScenarioHooks();

/** Values a tag can hold that no schema of ours should accept (ECS allows 256 characters). */
const hostile = {
  restartMode: ['ALWAYS', 'always\n', 'always; rm -rf /', 'a'.repeat(256), '\u202eeruliaf-no'],
  securityGroups: [
    'sg-0123456789abcdef0 sg-evil',
    `sg-${'f'.repeat(253)}`,
    'sg-0123456789abcdef0;sg-0123456789abcdef1',
    'sg-0123456789abcdef0\nsg-0123456789abcdef1',
    '',
  ],
  attempt: ['-1', '1e3', '0x10', '99999999999', ''],
  lineage: ['../../etc/passwd', 'x'.repeat(256), 'a b', '', '<script>'],
  scaleMax: ['1e3', '99999999', '-1', '0x10', 'ten', '\u202e5', 'a'.repeat(256)],
};

describe('hostile tag values on resources', () => {
  it('restart: never opts a task in, and never puts a tag value into RunTask without its schema', async ({
    task,
  }) => {
    // Prepare: `locked` is not selected, its jobs try to opt in by tag; `batch` jobs carry
    // hostile network, attempt and lineage tags.
    const restart = { ...RESTART_POLICY, select: [{ cluster: 'batch', mode: 'on-failure' }] };
    const account = await openRestartAccount(hooks, restart);
    const { sim } = account;
    const optIn = await startJobs(sim, 5, 'locked', (n) => ({
      'ecs-autopilot:restart': hostile.restartMode[n] ?? '',
    }));
    const selected = await startJobs(sim, 5, 'batch', (n) => ({
      'ecs-autopilot:security-groups': hostile.securityGroups[n] ?? '',
      'ecs-autopilot:attempt': hostile.attempt[n] ?? '',
      'ecs-autopilot:lineage': hostile.lineage[n] ?? '',
    }));
    failJobs(sim, [...optIn, ...selected]);
    const pool = createPool(account);

    // Act
    for (const event of takeStoppedEvents(sim)) await deliverEvent(account, pool, event);
    await drainDelayQueue(account, pool);

    // Assess: no opt-in by a malformed tag; the selected jobs restarted on the policy's
    // security group, as attempt 1 of their own lineage.
    for (const job of optIn) expect(restartsOf(sim, job)).toEqual([]);
    for (const job of selected) {
      const [restarted, ...others] = restartsOf(sim, job);
      expect(others).toEqual([]);
      expect(restarted?.networkConfiguration?.awsvpcConfiguration?.securityGroups).toEqual([
        SECURITY_GROUP,
      ]);
    }
    const warned = hooks
      .output()
      .filter((line) => line.includes('ecs-autopilot:security-groups: '));
    expect(warned.length).toBeGreaterThan(0);
    recordFigure(task, {
      function: 'restart-task',
      category: 'bad-input',
      scenario:
        'hostile ecs-autopilot tags on 10 tasks (opt-in, security groups, attempt, lineage)',
      runs: pool.log.invocations,
      awsWrites: optIn.flatMap((job) => restartsOf(sim, job)).length,
    });
  });

  it('prune: a malformed retain tag only ever keeps a revision', async ({ task }) => {
    // Prepare: revisions 2-9 of 12 carry retain tags; only the spellings of `false` release.
    const values = ['false ', 'FALSE', ' False\t', 'x'.repeat(256), '\u0000', '<script>', 'no', ''];
    const account = await hooks.open({
      scenario: {
        taskDefinitions: [
          {
            family: 'svc',
            revisions: 12,
            oldestAge: '300d',
            newestAge: '200d',
            containers: [plantedContainer('app')],
            overrides: values.map((value, i) => ({
              revisions: [i + 2],
              tags: { 'ecs-autopilot:retain': value },
            })),
          },
        ],
      },
      policy: { prune: { dryRun: false, keepNewest: 2, minAgeDays: 0 } },
    });

    // Act
    const { reports, thrown } = await runUntilConverged(account);

    // Assess
    expect(thrown).toEqual([]);
    const end = statuses(account.sim);
    expect([2, 3, 4].map((r) => end.get(`svc:${r}`))).toEqual(['INACTIVE', 'INACTIVE', 'INACTIVE']);
    expect([5, 6, 7, 8, 9].map((r) => end.get(`svc:${r}`))).toEqual(Array(5).fill('ACTIVE'));
    recordFigure(task, {
      function: 'prune-task-definitions',
      category: 'bad-input',
      scenario: 'hostile ecs-autopilot:retain values on 8 revisions',
      runs: reports.length,
      awsWrites: 0,
    });
  });

  it('scale: a malformed count tag leaves its service alone and says why', async ({ task }) => {
    // Prepare: every service would scale out to 6; each prod service but one carries a hostile
    // scale-max, `web` a valid one of 4.
    const account = await openScaleAccount(hooks.open, {
      'prod/web': 300,
      'prod/api': 300,
      'prod/idle': 300,
      'prod/steady': 300,
    });
    const services = [...account.sim.account.services.values()].filter((s) =>
      s.clusterArn.endsWith('/prod'),
    );
    for (const [i, service] of services.entries()) {
      const value = service.name === 'web' ? '4' : (hostile.scaleMax[i] ?? 'ten');
      service.tags.push({ key: 'ecs-autopilot:scale-max', value });
    }

    // Act
    const { timeline, reports } = await runTicks(account, 2);

    // Assess
    expect(timeline['prod/web']).toEqual([4, 4]);
    for (const key of ['prod/api', 'prod/idle', 'prod/steady'])
      expect(timeline[key]).toEqual([2, 2]);
    const lines = (reports[0] as { services: { reason: string; notes: string[] }[] }).services;
    const invalid = lines.filter((line) => line.reason === 'invalid-tags');
    expect(invalid).toHaveLength(3);
    for (const line of invalid) expect(line.notes.join()).toContain('ecs-autopilot:scale-max');
    recordFigure(task, {
      function: 'scale-services',
      category: 'bad-input',
      scenario: 'hostile ecs-autopilot:scale-max values on 3 services',
      runs: 2,
      awsWrites: 0,
    });
  });
});
