import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { getMetricDataSeries } from '../../../shared/aws/cloudwatch-metrics.ts';
import { AwsCallError } from '../../../shared/runtime/errors.ts';

const cloudWatch = mockClient(CloudWatchClient);
const range = { start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-01-01T00:10:00Z') };
const at = new Date('2026-01-01T00:05:00Z');
const search = {
  Id: 'x0',
  Expression: "SEARCH('{\"AWS/ECS\"} x', 'Average', 60)",
  ReturnData: true,
};

describe('getMetricDataSeries', () => {
  beforeEach(() => cloudWatch.reset());

  it('keeps apart the series one SEARCH returns, across pages, one call per batch', async () => {
    // Prepare
    cloudWatch
      .on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [{ Id: 'x0', Label: 'prod/a', Timestamps: [at], Values: [1] }],
        NextToken: 'n',
      })
      .resolvesOnce({
        MetricDataResults: [
          { Id: 'x0', Label: 'prod/b', Timestamps: [at], Values: [2], StatusCode: 'Complete' },
        ],
      })
      .resolves({ MetricDataResults: [{ Id: 'q1', Timestamps: [], Values: [] }] });
    // Act
    const series = await getMetricDataSeries([[search], [{ ...search, Id: 'q1' }]], range);
    // Assess
    expect(series.map((s) => [s.Id, s.Label, s.Values])).toEqual([
      ['x0', 'prod/a', [1]],
      ['x0', 'prod/b', [2]],
      ['q1', undefined, []],
    ]);
    const inputs = cloudWatch.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => [i.MetricDataQueries?.[0]?.Id, i.NextToken])).toEqual([
      ['x0', undefined],
      ['x0', 'n'],
      ['q1', undefined],
    ]);
  });

  it('wraps a throttling error as a transient AwsCallError', async () => {
    // Prepare
    cloudWatch.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $fault: 'client',
      }),
    );
    // Act
    const error = await getMetricDataSeries([[search]], range).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ transient: true });
  });

  it('sends nothing for no batch', async () => {
    // Act / Assess
    await expect(getMetricDataSeries([], range)).resolves.toEqual([]);
    expect(cloudWatch.calls()).toHaveLength(0);
  });
});
