import { describe, expect, it } from 'vitest';
import { findGraceCut, type GraceProbe } from '../../../../shared/prune/policy/find-grace-cut.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
const GRACE_CUT = NOW - 30 * DAY;

/** A revision's times: registered long ago unless told, deregistered `age` days ago (or never known). */
type Times = { deregisteredDaysAgo?: number; registeredDaysAgo?: number };

/** @returns a probe over these revisions' times that records what it described. */
function probeOf(times: Record<number, Times>) {
  const probed: number[] = [];
  const probe = async (revision: number): Promise<GraceProbe> => {
    probed.push(revision);
    const entry = times[revision] ?? {};
    const registeredAt = NOW - (entry.registeredDaysAgo ?? 400) * DAY;
    const deregisteredAt =
      entry.deregisteredDaysAgo === undefined ? undefined : NOW - entry.deregisteredDaysAgo * DAY;
    return {
      registeredBeforeCut: registeredAt <= GRACE_CUT,
      deletable:
        registeredAt <= GRACE_CUT && deregisteredAt !== undefined && deregisteredAt <= GRACE_CUT,
      deregisteredAt,
    };
  };
  return { probed, probe };
}

/** Revisions 1..n, each deregistered `days(revision)` days ago. */
function family(n: number, days: (revision: number) => number | undefined): Record<number, Times> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, index) => [index + 1, { deregisteredDaysAgo: days(index + 1) }]),
  );
}

describe('findGraceCut', () => {
  it('deletes past one old revision deregistered late, instead of stalling the family', async () => {
    // Prepare: 1 deregistered yesterday (out of order), 2..10 sixty days ago.
    const { probed, probe } = probeOf(family(10, (revision) => (revision === 1 ? 1 : 60)));

    // Act
    const cut = await findGraceCut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], probe);

    // Assess: 2..10 are reachable; 1 is described and decided on its own time.
    expect(cut).toBe(10);
    expect(probed).toEqual([1, 2, 10]);
  });

  it('stops after two probes when revisions were deregistered in order within the grace period', async () => {
    // Prepare: deregistered 20, 19, 18 ... days ago: oldest first, all within 30 days.
    const { probed, probe } = probeOf(family(50, (revision) => 21 - revision / 10));

    // Act
    const cut = await findGraceCut(
      Array.from({ length: 50 }, (_, index) => index + 1),
      probe,
    );

    // Assess: the rest are inferred younger than the grace period.
    expect(cut).toBe(2);
    expect(probed).toEqual([1, 2]);
  });

  it('stops at once when the oldest candidate was registered within the grace period', async () => {
    // Prepare
    const { probed, probe } = probeOf({ 1: { registeredDaysAgo: 5, deregisteredDaysAgo: 1 } });

    // Act
    const cut = await findGraceCut([1, 2, 3], probe);

    // Assess
    expect(cut).toBe(0);
    expect(probed).toEqual([1]);
  });

  it('passes over revisions without a deregistration time rather than stopping on them', async () => {
    // Prepare: 1 and 2 have no deregistration time; 3..6 were deregistered 90 days ago.
    const { probed, probe } = probeOf(family(6, (revision) => (revision <= 2 ? undefined : 90)));

    // Act
    const cut = await findGraceCut([1, 2, 3, 4, 5, 6], probe);

    // Assess
    expect(cut).toBe(6);
    expect(probed).toEqual([1, 2, 3, 6]);
  });

  it('keeps searching past late revisions deregistered in falling order', async () => {
    // Prepare: 1 yesterday, 2 five days ago (earlier than 1: not the steady state), 3.. 60 days.
    const days: Record<number, number> = { 1: 1, 2: 5 };
    const { probe } = probeOf(family(8, (revision) => days[revision] ?? 60));

    // Act
    const cut = await findGraceCut([1, 2, 3, 4, 5, 6, 7, 8], probe);

    // Assess
    expect(cut).toBe(8);
  });

  it('finds the boundary among deletable revisions with a binary search', async () => {
    // Prepare: 1..6 deregistered 60 days ago, 7..20 last week.
    const { probe } = probeOf(family(20, (revision) => (revision <= 6 ? 60 : 7)));

    // Act
    const cut = await findGraceCut(
      Array.from({ length: 20 }, (_, index) => index + 1),
      probe,
    );

    // Assess
    expect(cut).toBe(6);
  });

  it('probes nothing without candidates', async () => {
    const { probed, probe } = probeOf({});

    expect(await findGraceCut([], probe)).toBe(0);
    expect(probed).toEqual([]);
  });
});
