import { describe, expect, it } from 'vitest';
import { categoryOf, createPacer } from '../../../shared/aws/pacer.ts';
import { createFakeClock } from '../../support/fake-clock.ts';

describe('createPacer', () => {
  it.each([
    ['DeregisterTaskDefinitionCommand', 'taskDefinitionRegistration'],
    ['RegisterTaskDefinitionCommand', 'taskDefinitionRegistration'],
    ['DeleteTaskDefinitionsCommand', 'taskDefinitionDeletion'],
    ['UpdateServiceCommand', 'serviceUpdate'],
    ['RunTaskCommand', 'taskLaunch'],
    ['DescribeServicesCommand', 'read'],
  ])('draws %s from the %s bucket', (command, category) => {
    expect(categoryOf(command)).toBe(category);
  });

  it('deregisters at half of ECS rate with the default share, after half the burst', async () => {
    // Prepare: ECS allows a burst of 20 and 1 per second; the share is 0.5.
    const clock = createFakeClock();
    const pacer = createPacer({ share: 0.5, clock });

    // Act: 30 deregistrations.
    for (let call = 0; call < 30; call += 1) await pacer.acquire('DeregisterTaskDefinitionCommand');

    // Assess: 10 at once, the other 20 at 0.5 per second.
    expect(clock.now()).toBe(40_000);
  });

  it('keeps categories independent, so reads are not slowed by deregistrations', async () => {
    const clock = createFakeClock();
    const pacer = createPacer({ share: 0.5, clock });
    for (let call = 0; call < 10; call += 1) await pacer.acquire('DeregisterTaskDefinitionCommand');

    await pacer.acquire('DescribeServicesCommand');

    expect(clock.now()).toBe(0);
    expect(pacer.waitTimeMs('DeregisterTaskDefinitionCommand')).toBe(2000);
  });

  it('scales rates by the time factor used in benchmarks', async () => {
    const clock = createFakeClock();
    const pacer = createPacer({ share: 1, clock, timeFactor: 10 });
    for (let call = 0; call < 25; call += 1) await pacer.acquire('DeleteTaskDefinitionsCommand');

    expect(clock.now()).toBe(2000);
  });

  it('counts calls and throttles per command', () => {
    const pacer = createPacer({ share: 1 });
    pacer.recordCall('RunTaskCommand');
    pacer.recordCall('RunTaskCommand');
    pacer.recordThrottle('RunTaskCommand');

    expect(pacer.stats()).toMatchObject({
      calls: { RunTaskCommand: 2 },
      throttled: { RunTaskCommand: 1 },
    });
    pacer.resetStats();
    expect(pacer.stats().calls).toEqual({});
  });
});
