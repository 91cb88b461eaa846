import { describe, expect, it } from 'vitest';
import { describeGap } from '../../../../shared/prune/inventory/describe-gap.ts';
import { AwsCallError } from '../../../../shared/runtime/errors.ts';

const refused = (address: string) =>
  Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });

describe('describeGap', () => {
  it('names the operation, the error, its code and its message', () => {
    const error = new AwsCallError('ListClusters', refused('127.0.0.1:4566'));

    expect(describeGap('ecs-services: clusters', error)).toBe(
      'ecs-services: clusters: ListClusters Error ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566',
    );
  });

  it("uses the inner errors' messages when Node reports several addresses at once", () => {
    const aggregate = Object.assign(
      new AggregateError([refused('::1:9'), refused('127.0.0.1:9')], ''),
      {
        code: 'ECONNREFUSED',
      },
    );

    expect(describeGap('retain-tags', new AwsCallError('GetResources', aggregate))).toBe(
      'retain-tags: GetResources AggregateError ECONNREFUSED: connect ECONNREFUSED ::1:9; connect ECONNREFUSED 127.0.0.1:9',
    );
  });

  it('keeps a gap on one line and bounds a long message', () => {
    const long = new Error(`line one\n${'x'.repeat(500)}`);

    const gap = describeGap('step-functions', long);

    expect(gap).not.toContain('\n');
    expect(gap.length).toBeLessThan(300);
    expect(gap).toMatch(/^step-functions: Error: line one x+…$/);
  });
});
