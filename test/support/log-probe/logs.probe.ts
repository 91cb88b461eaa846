/**
 * Run only by capture-function-logs.test.ts, in a child vitest: a handler-like test that logs
 * through Powertools (JSON to stdout, as the bundles do), failing when LOG_PROBE_FAIL is set.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { expect, it } from 'vitest';

const logger = new Logger({ serviceName: 'log-probe' });

it('logs like a function and checks its result', () => {
  logger.info('probe decision', { reason: 'probe-reason' });
  process.stderr.write('probe stderr line\n');
  expect(process.env.LOG_PROBE_FAIL).toBeUndefined();
});
