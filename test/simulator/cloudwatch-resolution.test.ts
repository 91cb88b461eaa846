import {
  GetMetricDataCommand,
  InvalidParameterValueException,
  PutMetricDataCommand,
  ValidationException,
} from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createManualClock,
  type ManualClock,
  type Simulator,
  startSimulator,
} from '../../simulator/index.ts';
import { createClients } from './clients.ts';

const metric = { Namespace: 'App', MetricName: 'Backlog', Dimensions: [{ Name: 'Q', Value: 'a' }] };
// A whole minute, so buckets of 10, 20 and 60 s line up with it.
const minute = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('simulator CloudWatch storage resolution and sub-minute periods', () => {
  let sim: Simulator;
  let clock: ManualClock;
  let cloudWatch: ReturnType<typeof createClients>['cloudWatch'];

  beforeEach(async () => {
    clock = createManualClock(minute + 60_000);
    sim = await startSimulator({ clock: clock.now });
    cloudWatch = createClients(sim.endpoint).cloudWatch;
  });

  afterEach(async () => {
    await sim.close();
  });

  const put = (seconds: number[], resolution?: number) =>
    cloudWatch.send(
      new PutMetricDataCommand({
        Namespace: 'App',
        MetricData: seconds.map((s, i) => ({
          MetricName: 'Backlog',
          Dimensions: metric.Dimensions,
          Timestamp: new Date(minute + s * 1000),
          Value: 10 * (i + 1),
          ...(resolution === undefined ? {} : { StorageResolution: resolution }),
        })),
      }),
    );

  const read = async (period: number, stat = 'Maximum', start = minute) => {
    const answer = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(start),
        EndTime: new Date(minute + 60_000),
        ScanBy: 'TimestampAscending',
        MetricDataQueries: [
          { Id: 'm', MetricStat: { Metric: metric, Period: period, Stat: stat } },
        ],
      }),
    );
    const result = answer.MetricDataResults?.[0];
    return (result?.Timestamps ?? []).map((t, i) => [
      (t.getTime() - minute) / 1000,
      result?.Values?.[i],
    ]);
  };

  it('keeps high-resolution datapoints apart at a 10 or 20 second period', async () => {
    // Act
    await put([5, 25, 45], 1);
    // Assess
    expect(await read(20)).toEqual([
      [0, 10],
      [20, 20],
      [40, 30],
    ]);
    expect(await read(10)).toEqual([
      [0, 10],
      [20, 20],
      [40, 30],
    ]);
  });

  it('stores standard-resolution datapoints a minute at a time, whatever the period read', async () => {
    // Act: the default resolution is 60.
    await put([5, 25, 45]);
    // Assess: one bucket at the start of the minute.
    expect(await read(20)).toEqual([[0, 30]]);
    expect(await read(60, 'SampleCount')).toEqual([[0, 3]]);
  });

  it('refuses a storage resolution other than 1 or 60, and a period CloudWatch does not take', async () => {
    await expect(put([5], 10)).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(read(45)).rejects.toBeInstanceOf(ValidationException);
    await expect(read(90)).rejects.toBeInstanceOf(ValidationException);
  });

  it('reads nothing at a sub-minute period from a start more than three hours back', async () => {
    // Prepare
    await put([5, 25], 1);
    // Act
    const old = minute - 3 * 3_600_000 - 1_000;
    // Assess: the same data at 60 s comes back.
    expect(await read(20, 'Maximum', old)).toEqual([]);
    expect(await read(60, 'Maximum', old)).toEqual([[0, 20]]);
  });

  it('samples a metric defined as a function of time at the resolution asked for', async () => {
    // Prepare: an ECS service whose monitoring configuration collects CPU every 20 s.
    sim.cloudwatch.defineMetric(
      { namespace: 'App', metricName: 'Backlog', dimensions: { Q: 'a' } },
      (at) => (at - minute) / 1000,
      { everyMs: 20_000 },
    );
    // Assess
    expect(await read(20)).toEqual([
      [0, 0],
      [20, 20],
      [40, 40],
    ]);
  });

  it('keeps a sample unreadable until its period ended and its publication delay passed', async () => {
    // Prepare: 20-s samples published 20 s after their period starts, plus 10 s.
    sim.cloudwatch.defineMetric(
      { namespace: 'App', metricName: 'Backlog', dimensions: { Q: 'a' } },
      (at) => (at - minute) / 1000,
      { everyMs: 20_000, availableAfterMs: 30_000 },
    );
    // Act: at minute + 60 s, the sample stamped +40 s is due at +70 s.
    const early = await read(20);
    clock.advance(10_000);
    const later = await read(20);
    // Assess
    expect(early).toEqual([
      [0, 0],
      [20, 20],
    ]);
    expect(later).toEqual([
      [0, 0],
      [20, 20],
      [40, 40],
    ]);
  });

  it('lets a PutMetricData datapoint be read only after the ingestion delay, when one is set', async () => {
    // Prepare
    await sim.close();
    sim = await startSimulator({ clock: clock.now, settings: { metricIngestionDelayMs: 30_000 } });
    cloudWatch = createClients(sim.endpoint).cloudWatch;
    // Act
    await put([5], 1);
    const early = await read(20);
    clock.advance(30_000);
    const later = await read(20);
    // Assess
    expect(early).toEqual([]);
    expect(later).toEqual([[0, 10]]);
  });
});
