import { ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ApplyScaleOptions, applyScalePlan } from '../../../shared/scale/act.ts';
import { guardScalePlan, type ScalePlanItem } from '../../../shared/scale/policy/plan-scale.ts';
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
const action = (d: ScaleDecision): ScalePlanItem => ({
  decision: d,
  serviceArn: `arn/${d.serviceName}`,
  guard: 'allowed',
});
type Options = ApplyScaleOptions & { maxServicesChangedPerRun: number };
const options = (extra: Partial<Options> = {}): Options => ({
  dryRun: false,
  maxServicesChangedPerRun: 10,
  remainingMs: () => 60_000,
  waitTimeMs: () => 0,
  ...extra,
});
/** The act step as the function runs it: on the guarded plan of these decisions. */
const applyScaleDecisions = (items: ScalePlanItem[], opts: Options) =>
  applyScalePlan(guardScalePlan(items, opts.maxServicesChangedPerRun), opts);

describe('applyScalePlan', () => {
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

  it('sends no UpdateService for a scale-in the cap holds back, and still scales out', async () => {
    // Act
    const outcomes = await applyScaleDecisions(
      [action(decision('c', 4, 2)), action(decision('a', 2, 4)), action(decision('b', 4, 3))],
      options({ maxServicesChangedPerRun: 1 }),
    );
    // Assess
    expect(ecs.commandCalls(UpdateServiceCommand).map((c) => c.args[0].input.service)).toEqual([
      'a',
      'b',
    ]);
    expect(outcomes.map((o) => [o.status, o.desiredCountAfterTick])).toEqual([
      ['held-back', 4],
      ['updated', 4],
      ['updated', 3],
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
