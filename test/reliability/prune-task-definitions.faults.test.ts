import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../simulator/index.ts';
import { recordFigure } from './support/figures.ts';
import {
  measurePrune,
  PRUNE_POLICY,
  PRUNE_SCENARIO,
  pruneOracle,
  runUntilConverged,
  statuses,
} from './support/prune-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';

const hooks = installScenarioHooks('prune-task-definitions');

const storms: [string, FaultRule[], { throttling?: boolean; slowMs?: number }][] = [
  [
    'a throttling storm (ECS buckets at real rates and random throttles)',
    [{ target: 'ecs:*', kind: 'throttle', probability: 0.4 }],
    { throttling: true },
  ],
  ['5xx errors on every service', [{ target: '*', kind: 'error', probability: 0.3 }], {}],
  [
    'slow answers eating the time budget (5 s each, 60 s runs)',
    [{ target: 'ecs:*', kind: 'latency', latencyMs: 1, probability: 0.2 }],
    { slowMs: 5_000 },
  ],
];

describe('prune-task-definitions under injected faults', () => {
  it.for(storms)('converges to the fault-free end state through %s', async ([
    name,
    faults,
    options,
  ], { task }) => {
    // Prepare
    const expected = await pruneOracle();
    const account = await hooks.open({
      scenario: PRUNE_SCENARIO,
      policy: PRUNE_POLICY,
      throttling: options.throttling ? { enabled: true } : undefined,
    });
    const before = statuses(account.sim);
    for (const fault of faults) account.sim.faults.add(fault);
    account.slowDown(options.slowMs ?? 0);

    // Act: scheduled runs during the storm, then after it.
    const during = await runUntilConverged(account, {
      maxRuns: 6,
      remainingMs: options.slowMs ? 60_000 : undefined,
    });
    account.sim.faults.clear();
    account.slowDown(0);
    const after = await runUntilConverged(account);

    // Assess: every run ended with a report, and the account reached the oracle's state.
    expect([...during.thrown, ...after.thrown]).toEqual([]);
    expect(after.reports.at(-1)?.reason).toBe('nothing-to-prune');
    if (options.slowMs) expect(during.reports.some((r) => r.stoppedByTimeBudget)).toBe(true);
    const measured = measurePrune(account.sim, before, expected);
    expect(measured).toMatchObject({ lost: 0, wrong: 0, duplicated: 0 });
    recordFigure(task, {
      function: 'prune-task-definitions',
      category: 'fault',
      scenario: name,
      faultsInjected: account.faultsInjected(),
      runs: during.reports.length + after.reports.length,
      ...measured,
    });
  });
});
