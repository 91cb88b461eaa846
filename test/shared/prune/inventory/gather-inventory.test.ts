import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { pruneSectionSchema } from '../../../../shared/config/prune-section.ts';
import { restartSectionSchema } from '../../../../shared/config/restart-section.ts';
import { gatherPruneInventory } from '../../../../shared/prune/inventory/gather-inventory.ts';
import { forgetRevisionTimes } from '../../../../shared/prune/inventory/revision-times.ts';
import { planPrune } from '../../../../shared/prune/policy/index.ts';
import {
  type FakeAccount,
  type FakeRevision,
  mockAwsClients,
  revisionArn,
  serveFakeAccount,
} from '../../../functions/prune-fake-account.ts';

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'test';
process.env.AWS_SECRET_ACCESS_KEY = 'test';

const mocks = mockAwsClients();
const day = 86_400_000;
const now = new Date('2026-11-22T12:00:00Z');

function revisions(
  family: string,
  count: number,
  options: Partial<FakeRevision> & { newestAgeDays?: number } = {},
): FakeRevision[] {
  const { newestAgeDays = 30, ...rest } = options;
  return Array.from({ length: count }, (_, index) => ({
    family,
    revision: index + 1,
    status: 'ACTIVE' as const,
    registeredAt: new Date(now.getTime() - (newestAgeDays + count - index - 1) * day),
    ...rest,
  }));
}

function createAccount(): FakeAccount {
  return {
    revisions: [...revisions('app', 12), ...revisions('app-worker', 4)],
    clusters: [
      {
        name: 'prod',
        services: [
          {
            name: 'web',
            deployments: [revisionArn('app', 2), revisionArn('app', 3)],
            taskSets: [revisionArn('app', 4)],
          },
        ],
        tasks: [
          { id: 'r', taskDefinitionArn: revisionArn('app', 5), lastStatus: 'RUNNING' },
          { id: 'p', taskDefinitionArn: revisionArn('app', 6), lastStatus: 'PENDING' },
        ],
        schedules: [`${revisionArn('app-worker', 1).replace(/:1$/, '')}`],
      },
    ],
  };
}

const restart = restartSectionSchema.parse({});
const config = (section: Record<string, unknown> = {}) =>
  pruneSectionSchema.parse({ dryRun: false, keepNewest: 2, ...section });

describe('gatherPruneInventory', () => {
  let account: FakeAccount;

  beforeEach(() => {
    // A fresh container: no description remembered from another test.
    forgetRevisionTimes();
    account = createAccount();
    serveFakeAccount(mocks, account, () => now);
  });

  it('groups one ordered scan per status by exact family, 100 a page, without familyPrefix', async () => {
    const { inventory } = await gatherPruneInventory({ config: config(), restart, now });

    expect([...inventory.activeRevisions]).toEqual([
      ['app', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
      ['app-worker', [1, 2, 3, 4]],
    ]);
    const scans = mocks.ecs.commandCalls(ListTaskDefinitionsCommand);
    // INACTIVE revisions are listed even with phase 2 off: the report counts what remains.
    expect(scans.map((call) => call.args[0].input)).toEqual([
      { status: 'ACTIVE', sort: 'ASC', maxResults: 100 },
      { status: 'INACTIVE', sort: 'ASC', maxResults: 100 },
    ]);
  });

  it('keeps only the exact families a manual run names', async () => {
    const { inventory } = await gatherPruneInventory({
      config: config(),
      restart,
      now,
      families: ['app'],
    });

    expect([...inventory.activeRevisions.keys()]).toEqual(['app']);
  });

  it('collects deployments, task sets, RUNNING and PENDING tasks and schedule targets', async () => {
    const { inventory } = await gatherPruneInventory({ config: config(), restart, now });

    expect(new Set(inventory.inUse)).toEqual(
      new Set([
        ...[2, 3, 4, 5, 6].map((revision) => revisionArn('app', revision)),
        'arn:aws:ecs:us-east-1:123456789012:task-definition/app-worker',
      ]),
    );
    expect(inventory).toMatchObject({ complete: true, gaps: [] });
  });

  it("counts a service's own taskDefinition even when no deployment lists it", async () => {
    // Prepare: an emulator that does not list the service's new deployment.
    account.clusters[0]?.services.push({
      name: 'fresh-deploy',
      deployments: [],
      taskDefinition: revisionArn('app', 9),
    });

    // Act
    const { inventory } = await gatherPruneInventory({ config: config(), restart, now });

    // Assess
    expect([...inventory.inUse]).toContain(revisionArn('app', 9));
    expect(inventory.sources?.find((source) => source.source === 'ecs-services')).toEqual({
      source: 'ecs-services',
      scanned: 2,
      references: 4,
      gaps: 0,
    });
  });

  it('retains tagged revisions unless the tag says false', async () => {
    account.revisions.push(
      ...revisions('tagged', 2).map((item, index) => ({
        ...item,
        retainTag: index === 0 ? 'ticket-123' : ' FALSE ',
      })),
    );

    const { inventory } = await gatherPruneInventory({ config: config(), restart, now });

    expect([...inventory.retained]).toEqual([revisionArn('tagged', 1)]);
  });

  it('ignores services gone between list and describe but reports any other failure', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [],
      failures: [
        { arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/old', reason: 'MISSING' },
        { arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/web', reason: 'INTERNAL' },
      ],
    });

    const { inventory } = await gatherPruneInventory({ config: config(), restart, now });

    expect(inventory).toMatchObject({
      complete: false,
      gaps: ['ecs-services: cluster prod: service web INTERNAL'],
    });
  });

  it.each([
    // The probes run before the in-use and retain reads (which are skipped when nothing is old
    // enough), so a failed tagging scan comes after them; a failed listing leaves nothing to probe.
    [
      'the tagging scan',
      ['retain-tags: tagged revisions: GetResources ThrottlingException: slow down'],
      2,
    ],
    [
      'the task-definition scans',
      [
        'ACTIVE task definitions: ListTaskDefinitions ThrottlingException: slow down',
        'INACTIVE task definitions: ListTaskDefinitions ThrottlingException: slow down',
      ],
      0,
    ],
  ])('records a gap when %s fails, which blocks every removal', async (scan, gaps, describeCalls) => {
    const error = Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    if (scan === 'the tagging scan') mocks.tagging.on(GetResourcesCommand).rejects(error);
    else mocks.ecs.on(ListTaskDefinitionsCommand).rejects(error);

    const { inventory, probes } = await gatherPruneInventory({ config: config(), restart, now });

    expect(inventory).toMatchObject({ complete: false, gaps });
    expect(probes.describeCalls).toBe(describeCalls);
    expect(planPrune(inventory, config(), now.getTime()).deregister).toEqual([]);
  });

  it('settles an old family with one probe of its newest candidate', async () => {
    const { inventory, probes } = await gatherPruneInventory({ config: config(), restart, now });

    // app: 7..12 are unreferenced, 11 and 12 newest: candidates 1, 7..10, probe 10.
    expect(inventory.ageCuts.get('app')).toBe(10);
    expect(inventory.ageCuts.get('app-worker')).toBe(2);
    expect(probes.describeCalls).toBe(2);
  });

  it('leaves a family without cut when its probe fails', async () => {
    mocks.ecs.on(DescribeTaskDefinitionCommand).rejects(new Error('nope'));

    const { inventory, probes } = await gatherPruneInventory({ config: config(), restart, now });

    expect(inventory.ageCuts.size).toBe(0);
    expect(probes.age.failed.sort()).toEqual(['app', 'app-worker']);
  });

  it('stops probing once the change cap worth of removals is known, except in a dry run', async () => {
    // Prepare: 12 old families of 6 revisions; 8 are probed at once, 3 removals fill the cap.
    account.revisions = Array.from({ length: 12 }, (_, index) => revisions(`f${index}`, 6)).flat();
    serveFakeAccount(mocks, account, () => now);
    const capped = config({ maxChangesPerRun: 3 });

    // Act
    const real = await gatherPruneInventory({ config: capped, restart, now });
    const dry = await gatherPruneInventory({ config: { ...capped, dryRun: true }, restart, now });

    // Assess
    expect(real.probes.age.notProbed).toBe(4);
    expect(real.inventory.ageCuts.size).toBe(8);
    expect(dry.probes.age.notProbed).toBe(0);
  });

  it('probes the families left once revisions it counted turn out retained, so none waits forever', async () => {
    // Prepare: the 8 families probed first hold only retained candidates; 4 more have removals.
    const retainedFamilies = Array.from({ length: 8 }, (_, index) =>
      revisions(`a${index}`, 6).map((item) => ({ ...item, retainTag: 'audit' })),
    );
    const laterFamilies = Array.from({ length: 4 }, (_, index) => revisions(`b${index}`, 6));
    account.revisions = [...retainedFamilies, ...laterFamilies].flat();
    serveFakeAccount(mocks, account, () => now);
    const capped = config({ maxChangesPerRun: 3 });

    // Act
    const { inventory, probes } = await gatherPruneInventory({ config: capped, restart, now });
    const plan = planPrune(inventory, capped, now.getTime());

    // Assess: the later families are probed in the same run, and the cap is spent on them.
    expect(inventory.ageCuts.has('b0')).toBe(true);
    expect(probes.age.notProbed).toBeLessThan(4);
    expect(plan.deregister).toHaveLength(3);
    expect(plan.deregister.every((ref) => ref.startsWith('b'))).toBe(true);
  });

  it('finds deregistration times past the grace cut and skips revisions being deleted', async () => {
    // Prepare: old-1..4 registered long ago; 1..3 deregistered 60 days ago, 4 yesterday.
    const deregisteredAt = (revision: number) =>
      new Date(now.getTime() - (revision === 4 ? 1 : 60) * day);
    account.revisions.push(
      ...revisions('old', 4, { newestAgeDays: 100 }).map((item) => ({
        ...item,
        status: 'INACTIVE' as const,
        deregisteredAt: deregisteredAt(item.revision),
      })),
      ...revisions('young', 2, { newestAgeDays: 5, status: 'INACTIVE' }),
    );
    serveFakeAccount(mocks, account, () => now);
    mocks.ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'old:2' }).resolves({
      taskDefinition: {
        family: 'old',
        revision: 2,
        taskDefinitionArn: revisionArn('old', 2),
        status: 'DELETE_IN_PROGRESS',
        registeredAt: new Date(now.getTime() - 200 * day),
        deregisteredAt: deregisteredAt(2),
      },
    });
    const section = config({ deleteInactive: { enabled: true, graceDays: 30 } });

    // Act
    const { inventory } = await gatherPruneInventory({ config: section, restart, now });

    // Assess
    expect(inventory.inactiveRevisions?.get('old')).toEqual([
      { revision: 1, deregisteredAt: deregisteredAt(1).getTime(), described: true },
      { revision: 3, deregisteredAt: deregisteredAt(3).getTime(), described: true },
      { revision: 4, deregisteredAt: deregisteredAt(4).getTime(), described: true },
    ]);
    expect(inventory.inactiveGraceCuts?.get('old')).toBe(3);
    expect(inventory.inactiveGraceCuts?.get('young')).toBe(0);
    // young:1 registered within the grace period ends the search: young:2 is younger still.
    expect(inventory.inactiveRevisions?.get('young')).toEqual([
      { revision: 1, described: true },
      { revision: 2 },
    ]);
  });

  it('reports INACTIVE revisions described without a deregistration time as unknown, not young', async () => {
    // Prepare: an emulator that reports no deregisteredAt (moto), revisions registered long ago.
    account.revisions = revisions('legacy', 6, { newestAgeDays: 200, status: 'INACTIVE' });
    serveFakeAccount(mocks, account, () => now);
    const section = config({ deleteInactive: { enabled: true, graceDays: 30 } });

    // Act
    const { inventory } = await gatherPruneInventory({ config: section, restart, now });
    const plan = planPrune(inventory, section, now.getTime());

    // Assess
    expect(new Set(plan.decisions.map((decision) => decision.reason))).toEqual(
      new Set(['deregistration-time-unknown']),
    );
  });

  it('describes two INACTIVE revisions per family while all are within their grace period', async () => {
    // Prepare: 3 families of 50 revisions registered long ago and deregistered last week.
    account.revisions = ['a', 'b', 'c'].flatMap((name) =>
      revisions(name, 50, { newestAgeDays: 200 }).map((item) => ({
        ...item,
        status: 'INACTIVE' as const,
        deregisteredAt: new Date(now.getTime() - 7 * day),
      })),
    );
    serveFakeAccount(mocks, account, () => now);
    const section = config({ deleteInactive: { enabled: true, graceDays: 30 } });

    // Act
    const { inventory, probes } = await gatherPruneInventory({ config: section, restart, now });

    // Assess: the second revision, deregistered no earlier than the first, shows the order.
    expect(probes.describeCalls).toBe(6);
    expect([...(inventory.inactiveGraceCuts ?? [])]).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 2],
    ]);
  });

  it('reads no in-use source when no revision is old enough to remove, and says so', async () => {
    // Prepare: every family within keepNewest or younger than minAgeDays (14).
    account.revisions = [
      ...revisions('app', 2),
      ...revisions('app-worker', 5, { newestAgeDays: 1 }),
    ];
    serveFakeAccount(mocks, account, () => now);
    // Act
    const { inventory } = await gatherPruneInventory({ config: config(), restart, now });
    // Assess: the listing and one probe of app-worker's oldest candidate, nothing else.
    expect(inventory).toMatchObject({ complete: true, inUseScan: 'not-needed' });
    expect(mocks.ecs.commandCalls(ListClustersCommand)).toHaveLength(0);
    expect(mocks.tagging.commandCalls(GetResourcesCommand)).toHaveLength(0);
    const plan = planPrune(inventory, config(), now.getTime());
    expect(plan).toMatchObject({ reason: 'nothing-to-prune', inUseScan: 'not-needed' });
  });

  it('describes nothing again in a warm container: registration times never change', async () => {
    // Prepare: a first run remembers what it described.
    const first = await gatherPruneInventory({ config: config(), restart, now });
    mocks.ecs.resetHistory();
    // Act
    const second = await gatherPruneInventory({ config: config(), restart, now });
    // Assess
    expect(first.probes.describeCalls).toBeGreaterThan(0);
    expect(second.probes.describeCalls).toBe(0);
    expect(mocks.ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
    expect(second.inventory.ageCuts).toEqual(first.inventory.ageCuts);
  });

  it('describes a revision again once it is listed INACTIVE, for its deregistration time', async () => {
    // Prepare: app:10 described while ACTIVE by a first run (registered 32 days ago), then
    // deregistered 31 days ago, beyond the 30-day grace.
    const deletion = config({ deleteInactive: { enabled: true, graceDays: 30 } });
    await gatherPruneInventory({ config: deletion, restart, now });
    const describedFirst = mocks.ecs
      .commandCalls(DescribeTaskDefinitionCommand)
      .map((call) => call.args[0].input.taskDefinition);
    expect(describedFirst).toContain('app:10');
    mocks.ecs.resetHistory();
    const old = account.revisions.find((r) => r.family === 'app' && r.revision === 10);
    if (old === undefined) throw new Error('fixture lost app:10');
    Object.assign(old, { status: 'INACTIVE', deregisteredAt: new Date(now.getTime() - 31 * day) });
    serveFakeAccount(mocks, account, () => now);
    // Act
    const { inventory } = await gatherPruneInventory({ config: deletion, restart, now });
    // Assess: described again, so its deregistration time is known.
    const described = mocks.ecs
      .commandCalls(DescribeTaskDefinitionCommand)
      .map((call) => call.args[0].input.taskDefinition);
    expect(described).toContain('app:10');
    expect(inventory.inactiveRevisions?.get('app')).toEqual([
      { revision: 10, deregisteredAt: now.getTime() - 31 * day, described: true },
    ]);
  });

  it('reads every source when a family without minimum age has revisions to remove', async () => {
    // Prepare: minAgeDays 0 needs no probe, yet its revisions beyond keepNewest are removable,
    // so only the references (here a service deployment of app:2) can keep them.
    const noAge = config({ minAgeDays: 0 });
    // Act
    const { inventory } = await gatherPruneInventory({ config: noAge, restart, now });
    // Assess
    expect(inventory.inUseScan).toBe('read');
    expect(new Set(inventory.inUse)).toContain(revisionArn('app', 2));
    const plan = planPrune(inventory, noAge, now.getTime());
    expect(plan.deregister).not.toContain('app:2');
  });
});
