import { describe, expect, it } from 'vitest';
import { modelTargetTracking, reactionOf } from '../../../bench/baselines/measure-reaction-time.ts';

describe('reactionOf', () => {
  it.each([
    {
      name: 'times the first scale-out after the rise and the first scale-in after the fall',
      changes: [
        { minute: 6, count: 8 },
        { minute: 7, count: 9 },
        { minute: 25, count: 3 },
      ],
      expected: { scaleOut: { afterSeconds: 60, to: 8 }, scaleIn: { afterSeconds: 300, to: 3 } },
    },
    {
      name: 'does not count a change made before the load moved',
      changes: [
        { minute: 2, count: 5 },
        { minute: 3, count: 4 },
      ],
      expected: { scaleOut: undefined, scaleIn: undefined },
    },
    {
      name: 'says never when a scaler did not react',
      changes: [],
      expected: { scaleOut: undefined, scaleIn: undefined },
    },
  ])('$name', ({ changes, expected }) => {
    // Act
    const reaction = reactionOf(changes);

    // Assess
    expect({ scaleOut: reaction.scaleOut, scaleIn: reaction.scaleIn }).toEqual(expected);
  });
});

describe('modelTargetTracking', () => {
  it('scales out three minutes after the load rises and in fifteen minutes after it falls', () => {
    // Act: the load step of bench/support/load-step.ts (4 tasks, 50 % → 90 % → 15 % CPU).
    const reaction = modelTargetTracking();

    // Assess
    expect(reaction.scaleOut).toEqual({ afterSeconds: 180, to: 8 });
    expect(reaction.scaleIn).toEqual({ afterSeconds: 900, to: 3 });
  });
});
