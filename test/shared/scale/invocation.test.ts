import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../shared/runtime/errors.ts';
import { parseScaleInvocation } from '../../../shared/scale/invocation.ts';
import { loadFixture } from '../../support/fixtures.ts';

const alarm = (metrics: unknown[]) => ({
  id: 'a1',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  time: '2026-11-22T12:01:00Z',
  detail: { alarmName: 'web-cpu', state: { value: 'ALARM' }, configuration: { metrics } },
});
const stat = (dimensions: Record<string, string>) => ({
  id: 'm',
  metricStat: { metric: { namespace: 'AWS/ECS', name: 'CPUUtilization', dimensions } },
});

describe('parseScaleInvocation', () => {
  it('reads the schedule fixture as a scheduled tick', () => {
    // Act
    const invocation = parseScaleInvocation(loadFixture('scheduled-event-scale.json'));
    // Assess
    expect(invocation).toEqual({
      kind: 'scheduled',
      eventId: '89d1a02d-5ec7-412e-82f5-13505f849b41',
      time: '2026-11-22T12:01:00Z',
    });
  });

  it('names each service an alarm’s metrics carry once, ignoring metrics without both dimensions', () => {
    // Act
    const invocation = parseScaleInvocation(
      alarm([
        stat({ ClusterName: 'prod', ServiceName: 'web' }),
        stat({ ClusterName: 'prod', ServiceName: 'web' }),
        stat({ ClusterName: 'prod' }),
        { id: 'e1', expression: 'm1 * 2' },
      ]),
    );
    // Assess
    expect(invocation).toEqual({
      kind: 'alarm',
      eventId: 'a1',
      alarmName: 'web-cpu',
      state: 'ALARM',
      services: [{ clusterName: 'prod', serviceName: 'web' }],
    });
  });

  it.each([
    { name: 'an empty payload', raw: undefined, dryRun: undefined },
    { name: 'a dry run', raw: { dryRun: true }, dryRun: true },
  ])('reads $name as a manual tick', ({ raw, dryRun }) => {
    // Act / Assess
    expect(parseScaleInvocation(raw)).toEqual({ kind: 'manual', dryRun });
  });

  it.each([
    { name: 'a mistyped manual key', raw: { dryrun: true } },
    {
      name: 'a scheduled event without id',
      raw: { 'detail-type': 'Scheduled Event', source: 'aws.events', time: 't' },
    },
    { name: 'an alarm without state', raw: { ...alarm([]), detail: { alarmName: 'x' } } },
  ])('rejects $name naming the problem', ({ raw }) => {
    // Act / Assess
    expect(() => parseScaleInvocation(raw)).toThrow(InvalidEventError);
  });
});

describe('parseScaleInvocation with the alarm fixture', () => {
  it('evaluates exactly the service a real CloudWatch alarm state change names', () => {
    const invocation = parseScaleInvocation(loadFixture('alarm-state-change-scale.json'));

    expect(invocation).toMatchObject({
      kind: 'alarm',
      alarmName: 'ecs-autopilot-scale-web-cpu-high',
      state: 'ALARM',
      services: [{ clusterName: 'prod', serviceName: 'web' }],
    });
  });
});
