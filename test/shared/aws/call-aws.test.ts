import { describe, expect, it } from 'vitest';
import { mapBatches } from '../../../shared/aws/call-aws.ts';

/** A call that answers when `release` is called, so a test can see what is in flight. */
function deferredCalls() {
  const pending: { batch: number[]; release: () => void }[] = [];
  const send = (batch: number[]) =>
    new Promise<number>((resolve) => {
      pending.push({ batch, release: () => resolve(batch.reduce((a, b) => a + b, 0)) });
    });
  return { pending, send };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('mapBatches', () => {
  it('keeps at most `lanes` calls in flight and answers in chunk order', async () => {
    // Prepare
    const { pending, send } = deferredCalls();
    const items = Array.from({ length: 25 }, (_, index) => index);

    // Act
    const answers = mapBatches(items, { size: 10, lanes: 2 }, send);
    await settle();
    const inFlightAtFirst = pending.length;
    pending[1]?.release();
    await settle();
    pending[0]?.release();
    await settle();
    pending[2]?.release();

    // Assess
    expect(inFlightAtFirst).toBe(2);
    expect(pending.map((call) => call.batch.length)).toEqual([10, 10, 5]);
    await expect(answers).resolves.toEqual([45, 145, 110]);
  });

  it('sends nothing for no items', async () => {
    // Prepare
    const { pending, send } = deferredCalls();

    // Act
    const answers = await mapBatches([], { size: 10, lanes: 4 }, send);

    // Assess
    expect(answers).toEqual([]);
    expect(pending).toHaveLength(0);
  });

  it('stops starting calls after one fails, and throws that failure', async () => {
    // Prepare
    const started: number[][] = [];
    const send = async (batch: number[]) => {
      started.push(batch);
      if (batch[0] === 0) throw new Error('access denied');
      return batch.length;
    };

    // Act
    const answers = mapBatches([0, 1, 2, 3, 4, 5], { size: 2, lanes: 1 }, send);

    // Assess
    await expect(answers).rejects.toThrow('access denied');
    expect(started).toEqual([[0, 1]]);
  });
});
