import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { configurePacing, getPacer } from '../aws/pacer.ts';
import { sendDelayedMessage } from '../aws/sqs-messages.ts';
import type {
  FunctionPolicy,
  FunctionPolicySource,
  PolicySection,
} from '../config/function-policy.ts';
import { loadRuntimeSettings, type RuntimeSettings } from '../config/runtime-settings.ts';
import { InvalidEventError } from './errors.ts';
import type { InvocationContext } from './invocation-context.ts';
import { publishAuditWithFallback } from './publish-audit.ts';

/** Stop starting new work this long before Lambda's own timeout, to report cleanly. */
const safetyMarginMs = 5_000;

/**
 * Issues of an invalid event kept in its log line and dead letter; the rest are counted. A huge
 * event can have thousands, and all of them beside the event would outgrow SQS's 256 KiB message
 * (the dead letter could not be sent) and CloudWatch Logs' 256 KB event.
 */
const maxReportedIssues = 20;

export type HandlerOptions<TEvent, TResult, S extends PolicySection> = {
  /** Names the function in logs and metrics (`restart-task`, …). */
  name: string;
  /**
   * The function's policy: its section as the build compiled it into the bundle, or a
   * `POLICY_FILE` override validated on the first invocation.
   */
  policy: FunctionPolicySource<S>;
  /** Validates the raw event. @throws InvalidEventError naming every problem. */
  parseEvent: (raw: unknown) => TEvent;
  handle: (event: TEvent, context: InvocationContext<S>) => Promise<TResult>;
  /**
   * Whether this function's policy section, or the event itself (a manual payload), asks for a dry
   * run. The stage's `DRY_RUN` is added by the handler; neither can turn a dry run off.
   */
  dryRun: (policy: FunctionPolicy<S>, event: TEvent) => boolean;
  /**
   * This function's share of ECS's throttle buckets; the policy-wide `pacing.share` when absent.
   * The pacer is built once per container, so its buckets remember calls across warm invocations.
   */
  pacingShare?: (policy: FunctionPolicy<S>) => number;
};

export type InvalidEventResult = {
  status: 'invalid-event';
  issues: readonly string[];
  preserved: boolean;
};

type Loaded<S extends PolicySection> = { policy: FunctionPolicy<S>; settings: RuntimeSettings };
/** Bumped by {@link resetLoadedConfig}: a handler that loaded in an older generation loads again. */
let generation = 0;

/**
 * Loads settings and policy once per container, on the first invocation: a bad config fails
 * that invocation loudly (naming every invalid key) and the event goes to the failure destination.
 * The compiled-in policy is plain data; only an override (or unbundled code, which has none
 * compiled in) loads the schema and the file reader, through a dynamic import.
 */
function loaderOf<S extends PolicySection>(
  source: FunctionPolicySource<S>,
  pacingShare?: (policy: FunctionPolicy<S>) => number,
): () => Promise<Loaded<S>> {
  let loaded: Promise<Loaded<S>> | undefined;
  let loadedIn = generation;
  const load = async (): Promise<Loaded<S>> => {
    const settings = loadRuntimeSettings(process.env);
    const file = settings.POLICY_FILE;
    const policy =
      (file === undefined ? source.bundled() : undefined) ??
      (await (await import('../config/load-function-policy.ts')).loadFunctionPolicy(source, file));
    const share = pacingShare?.(policy) ?? policy.pacing.share;
    configurePacing({ share, timeFactor: settings.PACING_TIME_FACTOR });
    return { policy, settings };
  };
  return () => {
    if (loaded === undefined || loadedIn !== generation) {
      loadedIn = generation;
      const loading = load();
      // A failed load is retried by the next invocation (the operator may have fixed the file).
      loading.catch(() => {
        if (loaded === loading) loaded = undefined;
      });
      loaded = loading;
    }
    return loaded;
  };
}

/** Forgets the loaded policy and settings (tests that change them between invocations). */
export function resetLoadedConfig(): void {
  generation += 1;
}

/**
 * Builds a Lambda handler with the project's middleware: JSON logs with the Lambda context and
 * the event id as correlation id, EMF metrics, config loaded on first use, and invalid events
 * preserved on the dead-letter queue instead of being retried (retrying cannot fix them).
 */
export function createHandler<TEvent, TResult, S extends PolicySection>(
  options: HandlerOptions<TEvent, TResult, S>,
) {
  const loadOnce = loaderOf(options.policy, options.pacingShare);
  // Built at import rather than on the first invocation: every invocation logs and meters, and
  // Lambda runs the init phase on unthrottled vCPUs whatever the memory size (measured in
  // bitesizedserverless.com's "When is the Lambda Init Phase Free, and when is it Billed?"), while
  // the invocation of a small function gets a share of one. Built lazily, they cost the same here.
  const logger = new Logger({ serviceName: options.name });
  // Metrics' own warnings (such as an invocation with nothing to publish) go through the JSON logger.
  const metrics = new Metrics({
    serviceName: options.name,
    defaultDimensions: { function: options.name },
    logger,
  });

  const run = async (
    raw: unknown,
    lambdaContext: Context,
  ): Promise<TResult | InvalidEventResult> => {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'string') logger.setCorrelationId(id);
    const { policy, settings } = await loadOnce();
    let event: TEvent;
    try {
      event = options.parseEvent(raw);
    } catch (error) {
      if (!(error instanceof InvalidEventError)) throw error;
      return preserveInvalidEvent(raw, error, { logger, metrics, settings });
    }
    const deadline = Date.now() + lambdaContext.getRemainingTimeInMillis() - safetyMarginMs;
    return options.handle(event, {
      policy,
      settings,
      logger,
      metrics,
      now: new Date(),
      remainingMs: () => deadline - Date.now(),
      dryRun: settings.DRY_RUN || options.dryRun(policy, event),
      pacer: getPacer(),
      publishAudit: (events) =>
        publishAuditWithFallback(settings.AUDIT_EVENT_BUS_NAME, events, { logger, metrics }),
    });
  };

  return middy(run)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics(metrics));
}

/**
 * Powertools' `logMetrics` middleware without its `No application metrics to publish` warning:
 * the buffer is flushed only when it holds something, so a run with nothing to count (a skip is
 * counted through `singleMetric()`, which publishes at once) logs nothing. The cold-start metric
 * is published on its own, as `logMetrics` does with `captureColdStartMetric`.
 */
function publishMetrics(metrics: Metrics): MiddlewareObj<unknown, unknown, Error, Context> {
  const flush = (): void => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return {
    before: (request) => metrics.captureColdStartMetric(request.context.functionName),
    after: flush,
    onError: flush,
  };
}

async function preserveInvalidEvent(
  raw: unknown,
  error: InvalidEventError,
  tools: { logger: Logger; metrics: Metrics; settings: RuntimeSettings },
): Promise<InvalidEventResult> {
  const issues =
    error.issues.length > maxReportedIssues
      ? [
          ...error.issues.slice(0, maxReportedIssues),
          `… and ${error.issues.length - maxReportedIssues} more issue(s)`,
        ]
      : error.issues;
  tools.logger.error('invalid event: not acted on', { issues });
  tools.metrics.addMetric('InvalidEvents', MetricUnit.Count, 1);
  const queueUrl = tools.settings.DEAD_LETTER_QUEUE_URL;
  if (!queueUrl) {
    // Without a queue of our own, failing is the only way to reach Lambda's failure destination.
    throw error;
  }
  await sendDelayedMessage(queueUrl, { reason: 'invalid-event', issues, event: raw }, 0);
  return { status: 'invalid-event', issues, preserved: true };
}
