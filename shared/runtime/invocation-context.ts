import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { PolicyConfig } from '../config/policy-schema.ts';
import type { RuntimeSettings } from '../config/runtime-settings.ts';

/** What every handler receives besides its parsed event. */
export type InvocationContext = {
  policy: PolicyConfig;
  settings: RuntimeSettings;
  logger: Logger;
  metrics: Metrics;
  /** The moment this invocation decides with; policies get it as a parameter. */
  now: Date;
  /** Milliseconds left before the function should stop starting new work. */
  remainingMs: () => number;
};
