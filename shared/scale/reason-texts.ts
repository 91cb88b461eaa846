import type { CalculatorError, CalculatorReason } from './policy/calculator-types.ts';
import type { ScaleReason } from './policy/scale-types.ts';

/**
 * Why a service got the count it got this tick, in a sentence for the operator (docs/reasons.md),
 * with its Kubernetes HPA counterpart where there is one. Keyed by every reason a decision can
 * carry, so a new reason without an explanation fails the type check.
 */
export const SCALE_REASON_TEXT: Record<ScaleReason, string> = {
  'within-tolerance':
    'Every metric is within the tolerance of its target (HPA: the ratio is within `tolerance`): the count stays.',
  'tasks-rebalanced':
    'Kubernetes’ task rules held the change back (HPA: missing pods and unready pods): tasks that reported nothing were counted at 100 % of their request (or the target) on a scale-in and at 0 on a scale-out, tasks still starting or not ready at 0 on a scale-out, and the result fell within tolerance or reversed direction.',
  'scale-out': 'The metrics ask for more tasks, and no limit held the change back.',
  'scale-in': 'The metrics ask for fewer tasks, and no limit held the change back.',
  stabilizing:
    'A recommendation of the stabilization window (HPA: `stabilizationWindowSeconds`) holds the count: the highest of the scale-down window, the lowest of the scale-up window.',
  'rate-limited':
    'A rate policy (HPA: `behavior.scaleUp/scaleDown.policies`) limits how much the count may change in its period.',
  'clamped-to-max': 'The metrics ask for more than the rule’s `max` (or the service’s tag).',
  'clamped-to-min': 'The metrics ask for fewer than the rule’s `min` (or the service’s tag).',
  'missing-metrics':
    'A metric had no fresh datapoint: a missing metric never scales in (HPA does the same), and with every metric missing nothing changes.',
  'deployment-in-progress':
    'A deployment is in progress (more than one deployment or task set, or the only deployment IN_PROGRESS; a single FAILED one is over): no scale-in until it completes.',
  'protected-tasks':
    'Tasks with scale-in protection (GetTaskProtection) keep the count at or above their number, or their protection could not be read (or was not asked for, when the scale-in appeared only once the tasks were read).',
  'managed-elsewhere':
    'The service is registered with Application Auto Scaling: that controller owns its desired count.',
  'scale-from-zero': 'An activation metric woke a service that was scaled to zero.',
  'scale-to-zero':
    'No activation metric is above its threshold: the rule’s `scaleToZero` takes the service to 0.',
  'opted-out': 'The service’s `ecs-autopilot:scale` tag is `off`.',
  'invalid-tags':
    'A scaling tag on the service is invalid: the service is left alone rather than the tag ignored.',
  'scaling-disabled':
    'The service is at 0 tasks and its rule has no `scaleToZero`: as in HPA, a service scaled to 0 by hand is left there.',
};

/**
 * Why the replica calculator (one metric; `npx ecs-autopilot calculate`) proposed its count,
 * with the Kubernetes replica calculator branch it ports.
 */
export const CALCULATOR_REASON_TEXT: Record<CalculatorReason, string> = {
  'scale-out': 'The ratio asks for more tasks than the current count.',
  'scale-in': 'The ratio asks for fewer tasks than the current count.',
  'within-tolerance':
    'The usage ratio is within the tolerance of 1 (HPA: `tolerance`, default 0.1): the count stays.',
  'rebalanced-within-tolerance':
    'Tasks that reported nothing (and, on a scale-out, tasks not ready or starting) were filled in as HPA fills missing and unready pods; the recomputed ratio is within tolerance, so the count stays.',
  'rebalance-reversed':
    'After filling in tasks that reported nothing or are not ready (HPA’s missing and unready pods), the ratio or the count would move the other way: the count stays.',
  'rounds-to-current': 'The ratio is outside tolerance but rounds up to the current count.',
};

/** Why the replica calculator could not propose a count (Kubernetes returns an error). */
export const CALCULATOR_ERROR_TEXT: Record<CalculatorError, string> = {
  'no-tasks':
    'No task is RUNNING or starting (HPA: no pods returned by selector): there is nothing to average or multiply.',
  'no-usage':
    'No ready task reported a value (HPA: did not receive metrics for any ready pods): tasks may all be starting, not ready, or silent. The metric counts as missing, which never scales in.',
  'missing-request':
    'A task has no reserved CPU or memory (HPA: missing request), so its utilization is undefined. With `perTask`, set the task size in the task definition.',
  'no-ready-tasks':
    'A Value target with no ready task: HPA would propose 0; the scaler proposes nothing instead, so a service whose tasks fail to start is not scaled in.',
};
