/**
 * The periods GetMetricData accepts, and how long sub-minute data stays readable. From the
 * CloudWatch API Reference, MetricStat.Period: "For metrics with regular resolution, a period can
 * be as short as one minute (60 seconds) and must be a multiple of 60. For high-resolution metrics
 * that are collected at intervals of less than one minute, the period can be 1, 5, 10, 20, 30, 60,
 * or any multiple of 60." and "If the StartTime parameter specifies a time stamp that is greater
 * than 3 hours ago, you must specify the period as follows or no data points in that time range is
 * returned: Start time between 3 hours and 15 days ago - Use a multiple of 60 seconds".
 */
import type { AwsError } from '../errors.ts';
import { cloudWatchValidation } from './expressions.ts';

const subMinutePeriods: readonly number[] = [1, 5, 10, 20, 30];

/** Sub-minute periods read only the last three hours. */
export const subMinuteWindowMs = 3 * 3_600_000;

/**
 * The period of a query in milliseconds.
 * @throws AwsError ValidationError for a period CloudWatch does not accept.
 */
export function checkPeriod(id: string, seconds: number): number {
  const valid =
    Number.isInteger(seconds) &&
    seconds > 0 &&
    (subMinutePeriods.includes(seconds) || seconds % 60 === 0);
  if (!valid) {
    throw cloudWatchValidation(
      `The period of query ${id} must be 1, 5, 10, 20, 30 or a multiple of 60 seconds.`,
    ) satisfies AwsError;
  }
  return seconds * 1000;
}

/** Whether a read with this period and start returns nothing (sub-minute, older than 3 hours). */
export function isBeyondSubMinuteWindow(periodMs: number, startMs: number, now: number): boolean {
  return periodMs < 60_000 && startMs < now - subMinuteWindowMs;
}
