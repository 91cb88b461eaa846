import { describe, expect, it } from 'vitest';
import { loadFixture } from '../support/fixtures.ts';
import { recordFigure } from './support/figures.ts';
import {
  desiredCounts,
  measureScale,
  openScaleAccount,
  scaleOracle,
  TICKS,
  type Timeline,
  tick,
} from './support/scale-account.ts';
import { installScenarioHooks } from './support/scenario-hooks.ts';
import type { Handler, SimulatedAccount } from './support/simulated-account.ts';

const hooks = installScenarioHooks('scale-services');

function record(account: SimulatedAccount, timeline: Timeline): void {
  for (const [key, count] of Object.entries(desiredCounts(account.sim))) {
    timeline[key] = [...(timeline[key] ?? []), count];
  }
}

/** `Service Scaled` audit events per service. */
function scaledEvents(account: SimulatedAccount): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of account.sim.account.putEvents) {
    if (event.detailType !== 'Service Scaled') continue;
    const { cluster, service } = event.detail as { cluster: string; service: string };
    counts[`${cluster}/${service}`] = (counts[`${cluster}/${service}`] ?? 0) + 1;
  }
  return counts;
}

describe('scale-services under duplicated and overlapping triggers', () => {
  it('changes each count once per cause when an alarm and duplicated schedule events arrive in the same minute', async ({
    task,
  }) => {
    // Prepare: reserved concurrency 1 serializes the alarm's evaluation and the schedule's ticks.
    const expected = await scaleOracle();
    const account = await openScaleAccount(hooks.open);
    const handler: Handler = await account.container('scale-services');
    const schedule = loadFixture('scheduled-event-scale.json');
    const alarm = loadFixture('alarm-state-change-scale.json');
    const timeline: Timeline = {};

    // Act: each minute, the alarm (for prod/web) and the schedule's event twice, then the minute.
    let runs = 0;
    for (let minute = 0; minute < TICKS; minute += 1) {
      await account.invoke(handler, alarm);
      await account.invoke(handler, schedule);
      await tick(account, handler, schedule);
      runs += 3;
      record(account, timeline);
    }

    // Assess: the counts of the single-tick run, one audit event per change.
    const measured = measureScale(timeline, expected);
    expect(measured).toMatchObject({ lost: 0, duplicated: 0, wrong: 0 });
    expect(scaledEvents(account)).toEqual({
      'prod/web': 1,
      'prod/api': 2,
      'prod/idle': 1,
      'locked/legacy': 1,
    });
    recordFigure(task, {
      function: 'scale-services',
      category: 'delivery',
      scenario: 'alarm evaluation and the schedule event ×2 in every minute',
      runs,
      ...measured,
    });
  });

  it('reaches the same counts when two ticks overlap', async ({ task }) => {
    // Prepare: two containers at once, as if reserved concurrency 1 were missing.
    const expected = await scaleOracle();
    const account = await openScaleAccount(hooks.open);
    const handlers = [
      await account.container('scale-services'),
      await account.container('scale-services'),
    ];
    const schedule = loadFixture('scheduled-event-scale.json');
    const timeline: Timeline = {};

    // Act
    for (let minute = 0; minute < TICKS; minute += 1) {
      await Promise.all([
        account.invoke(handlers[0] as Handler, schedule),
        tick(account, handlers[1] as Handler, schedule),
      ]);
      record(account, timeline);
    }

    // Assess: both read the same counts and set the same absolute count (measured, not asserted:
    // a second UpdateService with the same count and a second audit event are possible).
    const measured = measureScale(timeline, expected);
    expect(measured).toMatchObject({ lost: 0, wrong: 0 });
    recordFigure(task, {
      function: 'scale-services',
      category: 'delivery',
      scenario: 'two overlapping ticks every minute',
      outsideDeployment: 'reserved concurrency 1 serializes ticks in the deployed stack',
      runs: 2 * TICKS,
      ...measured,
    });
  });
});
