import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DelayedRestartMessage } from '../../../../shared/restart/delayed-restart-message.ts';
import { computeClientToken } from '../../../../shared/restart/policy/compute-client-token.ts';
import {
  decideRunTaskRetry,
  type RunTaskFailureKind,
} from '../../../../shared/restart/policy/plan-delayed-restart.ts';
import { assertProperty } from '../../../reliability/support/assert-property.ts';
import { makeConfig } from './restart-fixtures.ts';

const STOPPED = 'arn:aws:ecs:us-east-1:111122223333:task/batch/3f1c2a7b9d8e4f60a1b2c3d4e5f60718';

/** What ECS does with one RunTask whose token it has not seen: a success or one failure kind. */
type Answer = 'started' | 'capacity' | 'throttled' | 'lost-after-start' | 'lost-before-start';

const answerArb = fc.constantFrom<Answer>(
  'started',
  'capacity',
  'throttled',
  'lost-after-start',
  'lost-before-start',
);

function message(): DelayedRestartMessage {
  return {
    kind: 'ecs-autopilot.delayed-restart',
    schemaVersion: 1,
    orchestrated: false,
    stoppedTaskArn: STOPPED,
    clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/batch',
    family: 'report-job',
    lineage: '3f1c2a7b9d8e4f60a1b2c3d4e5f60718',
    attempt: 1,
    reason: 'retry-default',
    runTaskInput: {
      cluster: 'batch',
      taskDefinition: 'report-job:7',
      count: 1,
      tags: [],
      startedBy: 'ecs-autopilot',
      clientToken: computeClientToken(STOPPED, 1),
    },
    runTaskRetries: 0,
    placementRound: 0,
    notBefore: 0,
  };
}

describe('decideRunTaskRetry (properties)', () => {
  it('retries RunTask at most maxRetries times and never starts two tasks for one attempt', ({
    task,
  }) => {
    assertProperty(
      task,
      'restart-task',
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.array(answerArb, { minLength: 1, maxLength: 12 }),
        (maxRetries, answers) => {
          // Prepare: ECS replays the answer of a token it has seen (its idempotency).
          const config = makeConfig({ runTaskRetry: { maxRetries } });
          const seen = new Map<string, 'task' | 'failures'>();
          let tasks = 0;
          let calls = 0;
          let current: DelayedRestartMessage | undefined = message();
          // Act: the delay-queue chain of one restart attempt.
          while (current !== undefined) {
            calls += 1;
            const token = current.runTaskInput.clientToken;
            const answer: Answer = answers[calls - 1] ?? 'started';
            const replay = seen.get(token);
            let failure: RunTaskFailureKind | undefined;
            if (replay === 'task') failure = undefined;
            else if (replay === 'failures' || answer === 'capacity') {
              seen.set(token, 'failures');
              failure = 'capacity';
            } else if (answer === 'throttled') failure = 'throttled';
            else if (answer === 'lost-before-start') failure = 'unknown';
            else {
              seen.set(token, 'task');
              tasks += 1;
              failure = answer === 'lost-after-start' ? 'unknown' : undefined;
            }
            if (failure === undefined) break;
            const retry = decideRunTaskRetry(current, failure, config, { now: 0, random: 0.5 });
            current = retry.action === 'retry' ? retry.message : undefined;
          }
          // Assess
          expect(calls).toBeLessThanOrEqual(1 + maxRetries);
          expect(tasks).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
