import { describe, expect, it } from 'vitest';
import type { FaultRule } from '../../simulator/index.ts';
import { recordFigure } from './support/figures.ts';
import {
  measureScale,
  openScaleAccount,
  runTicks,
  scaleOracle,
  TICKS,
} from './support/scale-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';

const hooks = installScenarioHooks('scale-services');

type Storm = [string, FaultRule[], { slowMs?: number; remainingMs?: number }];

const storms: Storm[] = [
  [
    'a throttling storm on ECS and CloudWatch',
    [
      { target: 'ecs:*', kind: 'throttle', probability: 0.6 },
      { target: 'cloudwatch:*', kind: 'throttle', probability: 0.6 },
    ],
    {},
  ],
  ['5xx errors on every service', [{ target: '*', kind: 'error', probability: 0.4 }], {}],
  [
    'slow answers eating the time budget (5 s each, 30 s ticks)',
    [{ target: 'ecs:*', kind: 'latency', latencyMs: 1, probability: 0.2 }],
    { slowMs: 5_000, remainingMs: 30_000 },
  ],
];

describe('scale-services under injected faults', () => {
  it.for(storms)('reaches the fault-free counts after %s', async ([name, faults, options], {
    task,
  }) => {
    // Prepare
    const expected = await scaleOracle();
    const account = await openScaleAccount(hooks.open);
    for (const fault of faults) account.sim.faults.add(fault);
    account.slowDown(options.slowMs ?? 0);
    const handler = await account.container('scale-services');

    // Act: four ticks in the storm, then the rest without it (a lost tick is not retried).
    const during = await runTicks(account, 4, {}, { handler, remainingMs: options.remainingMs });
    account.sim.faults.clear();
    account.slowDown(0);
    const after = await runTicks(account, TICKS - 4, during.timeline, { handler });

    // Assess: no count the fault-free run never had, and the same counts at the end.
    const measured = measureScale(after.timeline, expected);
    expect(measured).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
    expect(after.thrown).toEqual([]);
    if (options.slowMs) {
      const notStarted = during.reports.map(
        (r) => (r as { totals: { notStarted: number } }).totals,
      );
      expect(notStarted.some((totals) => totals.notStarted > 0)).toBe(true);
    }
    recordFigure(task, {
      function: 'scale-services',
      category: 'fault',
      scenario: name,
      faultsInjected: account.faultsInjected(),
      runs: TICKS,
      ...measured,
    });
  });
});
