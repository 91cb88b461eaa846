/**
 * What one scaling tick (ours or the baseline's) cost on the throttled account, in the same
 * terms for both.
 */
import type { CallRecord } from '../../simulator/index.ts';

export type ScaleOutcome = {
  byAction: Record<string, number>;
  apiCalls: number;
  throttled: number;
  updateServiceCalls: number;
  /** UpdateService calls that were answered with an error (throttling included). */
  updateServiceErrors: number;
  /** Services whose desired count the tick meant to set but could not. */
  servicesNotUpdated: number;
  metricCalls: number;
  simulatedSeconds: number;
  wallMs: number;
};

/** Summarizes the calls logged during one tick. */
export function summarizeScaleTick(
  calls: readonly CallRecord[],
  run: { servicesNotUpdated: number; simulatedMs: number; wallMs: number },
): ScaleOutcome {
  const byAction: Record<string, number> = {};
  for (const call of calls) byAction[call.action] = (byAction[call.action] ?? 0) + 1;
  const updates = calls.filter((call) => call.action === 'UpdateService');
  return {
    byAction,
    apiCalls: calls.length,
    throttled: calls.filter((call) => call.error === 'ThrottlingException').length,
    updateServiceCalls: updates.length,
    updateServiceErrors: updates.filter((call) => !call.ok).length,
    servicesNotUpdated: run.servicesNotUpdated,
    metricCalls: calls.filter((call) => call.action === 'GetMetricData').length,
    simulatedSeconds: run.simulatedMs / 1000,
    wallMs: run.wallMs,
  };
}
