import {
  CloudWatchClient,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../simulator/index.ts';

describe('simulator request bodies', () => {
  let sim: Simulator;
  let cloudWatch: CloudWatchClient;

  beforeAll(async () => {
    sim = await startSimulator();
    cloudWatch = new CloudWatchClient({
      endpoint: sim.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
  });
  afterAll(() => sim.close());

  it('accepts the gzip bodies the SDK sends for large PutMetricData requests', async () => {
    // Prepare: 300 datums is well past the SDK's 10 KB compression threshold.
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const datums = Array.from({ length: 300 }, (_, index) => ({
      MetricName: 'RecommendedTaskCount',
      Dimensions: [{ Name: 'ServiceName', Value: `svc-${index}` }],
      Timestamp: at,
      Value: index,
    }));

    // Act
    await cloudWatch.send(
      new PutMetricDataCommand({ Namespace: 'ECSAutopilot', MetricData: datums }),
    );

    // Assess: a datum written in the compressed body reads back.
    const read = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(at.getTime() - 60_000),
        EndTime: new Date(at.getTime() + 60_000),
        MetricDataQueries: [
          {
            Id: 'm',
            MetricStat: {
              Metric: {
                Namespace: 'ECSAutopilot',
                MetricName: 'RecommendedTaskCount',
                Dimensions: [{ Name: 'ServiceName', Value: 'svc-299' }],
              },
              Period: 60,
              Stat: 'Maximum',
            },
          },
        ],
      }),
    );
    expect(read.MetricDataResults?.[0]?.Values).toEqual([299]);
  });
});
