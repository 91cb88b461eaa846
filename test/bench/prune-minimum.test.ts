import { describe, expect, it } from 'vitest';
import {
  computePruneMinimum,
  computeRunsMinimum,
  eventBridgeRuleReads,
  groupPruneCalls,
  type PruneAccountCounts,
} from '../../bench/prune-minimum.ts';

/**
 * The benchmark account: 10,000 ACTIVE + 2,000 INACTIVE, 3 clusters (5 stopped tasks on one),
 * 2 scheduled rules on the default bus and 1 on a custom bus, 3 schedules (2 on ECS), 2 state
 * machines (one with 3 versions).
 */
const account: PruneAccountCounts = {
  activeRevisions: 10_000,
  inactiveRevisions: 2_000,
  deletionEnabled: true,
  clusters: [
    { services: 100, runningTasks: 1000, stoppedTasks: 0 },
    { services: 100, runningTasks: 1000, stoppedTasks: 0 },
    { services: 0, runningTasks: 2, stoppedTasks: 5 },
  ],
  eventBuses: [
    { rules: 2, rulesTargetingEcs: 2 },
    { rules: 1, rulesTargetingEcs: 1 },
  ],
  schedules: 3,
  schedulesTargetingEcs: 2,
  stateMachines: [{ versions: 3 }, { versions: 0 }],
  retainTagged: 0,
  familiesAgeChecked: 200,
  deregistered: 7995,
  deleted: 2000,
  runs: 1,
};

describe('computePruneMinimum', () => {
  it('derives each operation from the page and batch sizes of the APIs', () => {
    // Act
    const minimum = computePruneMinimum(account);

    // Assess
    expect(minimum.byOperation).toEqual({
      ListTaskDefinitions: 100 + 20,
      ListClusters: 1,
      ListServices: 1 + 1 + 1,
      DescribeServices: 10 + 10 + 0,
      ListTasks: 10 + 1 + (10 + 1) + (1 + 1),
      DescribeTasks: 10 + 10 + (1 + 1),
      ListEventBuses: 1,
      [eventBridgeRuleReads]: 3 + 2,
      ListSchedules: 1,
      GetSchedule: 2,
      ListStateMachines: 1,
      ListStateMachineVersions: 2,
      DescribeStateMachine: 4 + 1,
      GetResources: 1,
      PutEvents: 1,
      DescribeTaskDefinition: 200 + 2000,
      DeregisterTaskDefinition: 7995,
      DeleteTaskDefinitions: 200,
    });
    expect(minimum.total).toBe(10_604);
    expect(minimum.derivation).toHaveLength(18);
  });

  it('reads the inventory again on every run, INACTIVE listing included without deletion', () => {
    // Act
    const minimum = computePruneMinimum({
      ...account,
      deletionEnabled: false,
      deleted: 0,
      familiesAgeChecked: 0,
      deregistered: 0,
      runs: 3,
    });

    // Assess
    // The report counts what remains INACTIVE, so the INACTIVE scan is needed either way.
    expect(minimum.byOperation.ListTaskDefinitions).toBe(3 * (100 + 20));
    expect(minimum.byOperation.PutEvents).toBe(3);
    expect(minimum.byOperation.DeleteTaskDefinitions).toBeUndefined();
  });
});

describe('groupPruneCalls', () => {
  it('counts either way of reading EventBridge rules as one operation', () => {
    // Act
    const grouped = groupPruneCalls({
      ListRuleNamesByTarget: 3,
      ListTargetsByRule: 2,
      ListTasks: 4,
    });

    // Assess
    expect(grouped).toEqual({ [eventBridgeRuleReads]: 5, ListTasks: 4 });
  });
});

describe('computeRunsMinimum', () => {
  const state = (removes: boolean, activeRevisions: number) => ({
    ...account,
    activeRevisions,
    removes,
  });

  it('reads the inventory once a run, but describes and removes once over all the runs', () => {
    // Act: two runs that remove, then one with nothing old enough left.
    const minimum = computeRunsMinimum(
      [state(true, 10_000), state(true, 9_500), state(false, 9_000)],
      { familiesAgeChecked: 200, deregistered: 1_000, deleted: 0 },
    );

    // Assess: listing each run, in-use reads only where a revision was old enough.
    expect(minimum.byOperation.ListTaskDefinitions).toBe(100 + 20 + (95 + 20) + (90 + 20));
    expect(minimum.byOperation.ListClusters).toBe(2);
    expect(minimum.byOperation.PutEvents).toBe(3);
    expect(minimum.byOperation.DescribeTaskDefinition).toBe(200);
    expect(minimum.byOperation.DeregisterTaskDefinition).toBe(1_000);
  });

  it('equals the one-run minimum for a single run that removes', () => {
    const one = computeRunsMinimum([state(true, 10_000)], account);
    expect(one.total).toBe(computePruneMinimum(account).total);
  });
});
