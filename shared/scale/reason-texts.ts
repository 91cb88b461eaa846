import type { ScaleReason } from './policy/scale-types.ts';

/**
 * Why a service got the count it got this tick, in a sentence for the operator (docs/reasons.md),
 * with its Kubernetes HPA counterpart where there is one. Keyed by every reason a decision can
 * carry, so a new reason without an explanation fails the type check.
 */
export const SCALE_REASON_TEXT: Record<ScaleReason, string> = {
  'within-tolerance':
    'Every metric is within the tolerance of its target (HPA: the ratio is within `tolerance`): the count stays.',
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
  'deployment-in-progress': 'A deployment is in progress: no scale-in until it completes.',
  'protected-tasks':
    'Tasks with scale-in protection (GetTaskProtection) keep the count at or above their number, or their protection could not be read.',
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
