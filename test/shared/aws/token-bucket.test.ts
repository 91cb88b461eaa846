import { describe, expect, it } from 'vitest';
import { createTokenBucket } from '../../../shared/aws/token-bucket.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

describe('createTokenBucket', () => {
  it('lets a burst through at once, then one call per refill interval', async () => {
    // Prepare
    const clock = createFakeClock();
    const bucket = createTokenBucket({ capacity: 3, refillPerSecond: 1, clock });

    // Act
    for (let call = 0; call < 6; call += 1) await bucket.take();

    // Assess: 3 from the burst, then 3 more at one per second.
    expect(clock.now()).toBe(3000);
  });

  it('serves waiters in arrival order', async () => {
    const clock = createFakeClock();
    const bucket = createTokenBucket({ capacity: 1, refillPerSecond: 2, clock });
    const order: number[] = [];

    await Promise.all([1, 2, 3].map((id) => bucket.take().then(() => order.push(id))));

    expect(order).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(1000);
  });

  it('refills while idle, but never beyond its capacity', async () => {
    const clock = createFakeClock();
    const bucket = createTokenBucket({ capacity: 2, refillPerSecond: 1, clock });
    await bucket.take();
    await bucket.take();
    expect(bucket.waitTimeMs()).toBe(1000);

    await clock.sleep(60_000);

    expect(bucket.waitTimeMs()).toBe(0);
    await bucket.take();
    await bucket.take();
    expect(bucket.waitTimeMs()).toBe(1000);
  });
});
