import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { AuditEvent } from '../aws/eventbridge-audit-events.ts';
import type { Pacer } from '../aws/pacer.ts';
import type { FunctionPolicy, PolicySection } from '../config/function-policy.ts';
import type { RuntimeSettings } from '../config/runtime-settings.ts';

/** What every handler receives besides its parsed event: `S` is the function's policy section. */
export type InvocationContext<S extends PolicySection = PolicySection> = {
  /** The document-wide keys and the function's own section, validated, defaults applied. */
  policy: FunctionPolicy<S>;
  settings: RuntimeSettings;
  logger: Logger;
  metrics: Metrics;
  /** The moment this invocation decides with; policies get it as a parameter. */
  now: Date;
  /** Milliseconds left before the function should stop starting new work. */
  remainingMs: () => number;
  /**
   * Resolved once per invocation: the stage's `DRY_RUN`, the function's policy section, and a
   * manual payload's `dryRun` each can only turn a dry run on, never off.
   */
  dryRun: boolean;
  /** The container's pacer: ECS throttle tokens, and the call counts of every AWS client. */
  pacer: Pacer;
  /**
   * Publishes audit events on the stage's audit bus. An event that cannot be delivered is never
   * thrown (the action it reports has happened): it is logged whole at error level and counted
   * (`AuditEventsUndelivered`, which an alarm watches), so nothing is lost silently.
   */
  publishAudit: (events: readonly AuditEvent[]) => Promise<void>;
};
