import {
  ECSClient,
  GetTaskProtectionCommand,
  ListTasksCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type ApplyScaleOptions,
  applyScaleDecisions,
  protectScaleIns,
} from '../../../shared/scale/act.ts';
import type { ScaleDecision } from '../../../shared/scale/policy/scale-types.ts';

const ecs = mockClient(ECSClient);

function decision(serviceName: string, currentCount: number, desiredCount: number): ScaleDecision {
  return {
    clusterName: 'prod',
    serviceName,
    currentCount,
    desiredCount,
    reason:
      desiredCount > currentCount
        ? 'scale-out'
        : desiredCount < currentCount
          ? 'scale-in'
          : 'within-tolerance',
    metrics: [],
    recommendation: desiredCount,
    notes: [],
  };
}
const action = (d: ScaleDecision) => ({ decision: d, serviceArn: `arn/${d.serviceName}` });
const options = (extra: Partial<ApplyScaleOptions> = {}): ApplyScaleOptions => ({
  dryRun: false,
  maxServicesChangedPerRun: 10,
  remainingMs: () => 60_000,
  waitTimeMs: () => 0,
  ...extra,
});

describe('applyScaleDecisions', () => {
  beforeEach(() => {
    ecs.reset();
    ecs.on(UpdateServiceCommand).resolves({});
  });

  it('updates only the services whose count changes', async () => {
    // Act
    const outcomes = await applyScaleDecisions(
      [action(decision('a', 2, 4)), action(decision('b', 3, 3))],
      options(),
    );
    // Assess
    expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: 'prod', service: 'a', desiredCount: 4 },
    ]);
    expect(outcomes.map((o) => [o.status, o.desiredCountAfterTick])).toEqual([
      ['updated', 4],
      ['unchanged', 3],
    ]);
  });

  it.each([
    { name: 'a dry run', extra: { dryRun: true }, status: 'dry-run' },
    {
      name: 'a plan over the cap',
      extra: { maxServicesChangedPerRun: 1 },
      status: 'guard-refused',
    },
    { name: 'an exhausted time budget', extra: { remainingMs: () => 0 }, status: 'not-started' },
  ])('sends no UpdateService for $name', async ({ extra, status }) => {
    // Act
    const outcomes = await applyScaleDecisions(
      [action(decision('a', 2, 4)), action(decision('b', 4, 2))],
      options(extra),
    );
    // Assess
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(0);
    expect(outcomes.map((o) => [o.status, o.desiredCountAfterTick])).toEqual([
      [status, 2],
      [status, 4],
    ]);
  });

  it('reports a failed update and still updates the other services', async () => {
    // Prepare
    ecs
      .on(UpdateServiceCommand, { service: 'a' })
      .rejects(
        Object.assign(new Error('Service was not ACTIVE'), { name: 'ServiceNotActiveException' }),
      );
    // Act
    const outcomes = await applyScaleDecisions(
      [action(decision('a', 2, 4)), action(decision('b', 2, 3))],
      options(),
    );
    // Assess
    expect(outcomes.map((o) => [o.status, o.desiredCountAfterTick])).toEqual([
      ['failed', 2],
      ['updated', 3],
    ]);
    expect(outcomes[0]?.error).toContain('not ACTIVE');
  });
});

describe('protectScaleIns', () => {
  beforeEach(() => ecs.reset());

  it('raises a scale-in to the protected tasks and reads nothing for other decisions', async () => {
    // Prepare
    ecs.on(ListTasksCommand).resolves({ taskArns: ['t1', 't2', 't3', 't4'] });
    ecs.on(GetTaskProtectionCommand).resolves({
      protectedTasks: [
        { taskArn: 't1', protectionEnabled: true },
        { taskArn: 't2', protectionEnabled: true },
      ],
    });
    // Act
    const [scaleIn, scaleOut] = await protectScaleIns(
      [decision('a', 4, 1), decision('b', 2, 4)],
      new Date(),
    );
    // Assess
    expect(scaleIn).toMatchObject({ desiredCount: 2, reason: 'protected-tasks' });
    expect(scaleOut).toMatchObject({ desiredCount: 4, reason: 'scale-out' });
    expect(ecs.commandCalls(ListTasksCommand)).toHaveLength(1);
  });

  it('keeps the current count when protection cannot be read', async () => {
    // Prepare
    ecs
      .on(ListTasksCommand)
      .rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Act
    const [kept] = await protectScaleIns([decision('a', 4, 1)], new Date());
    // Assess
    expect(kept).toMatchObject({ desiredCount: 4, reason: 'protected-tasks' });
    expect(kept?.notes.at(-1)).toMatch(/^protection unread/);
  });
});
