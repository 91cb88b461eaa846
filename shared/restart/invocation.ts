import * as z from '../config/zod.ts';
import { InvalidEventError } from '../runtime/errors.ts';
import {
  type DelayedRestartMessage,
  delayedRestartMessageSchema,
} from './delayed-restart-message.ts';
import { parseTaskStateChange, type TaskStateChange } from './task-state-change.ts';

/**
 * The restart function has two triggers: the EventBridge `ECS Task State Change` rule, and the
 * SQS delay queue that carries backed-off restarts and RunTask retries. This module tells them
 * apart and parses each, so the handler receives one typed value.
 */

/** One SQS record of the delay queue: a valid restart message, or a body to preserve as is. */
export type DelayedRestartRecord =
  | { messageId: string; valid: true; message: DelayedRestartMessage }
  | { messageId: string; valid: false; issues: string[]; body: string };

/** What invoked the restart function. */
export type RestartInvocation =
  | { kind: 'task-state-change'; task: TaskStateChange }
  | { kind: 'delayed-restarts'; records: DelayedRestartRecord[] };

/** Built on first use, like the message schema: an ECS event never needs it. */
const sqsEnvelopeSchema = z.lazy(() =>
  z.object({
    Records: z
      .array(
        z.looseObject({
          messageId: z.string().check(z.minLength(1)),
          body: z.string(),
          eventSource: z.literal('aws:sqs'),
        }),
      )
      .check(z.minLength(1)),
  }),
);

/**
 * Parses a restart function invocation. An SQS batch is accepted as long as its envelope is
 * valid: a record whose body is not a delayed restart message is returned with `valid: false`
 * (and its issues), so one bad message never fails the others. Issues never echo field values,
 * since bodies and events carry the task's environment overrides.
 *
 * @throws {InvalidEventError} when the input is neither an ECS task state change nor an SQS batch,
 *   or is one of them but malformed, naming every problem.
 */
export function parseRestartInvocation(raw: unknown): RestartInvocation {
  if (isObject(raw) && 'Records' in raw) {
    const envelope = sqsEnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      throw new InvalidEventError(describeIssues(envelope.error), { cause: envelope.error });
    }
    return {
      kind: 'delayed-restarts',
      records: envelope.data.Records.map((record) => parseRecord(record.messageId, record.body)),
    };
  }
  if (isObject(raw) && raw['detail-type'] === 'ECS Task State Change') {
    return { kind: 'task-state-change', task: parseTaskStateChange(raw) };
  }
  throw new InvalidEventError([
    '(root): expected an ECS Task State Change event or an SQS batch of delayed restarts',
  ]);
}

function parseRecord(messageId: string, body: string): DelayedRestartRecord {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { messageId, valid: false, issues: ['(body): not JSON'], body };
  }
  const parsed = delayedRestartMessageSchema.safeParse(json);
  if (!parsed.success) {
    return { messageId, valid: false, issues: describeIssues(parsed.error), body };
  }
  return { messageId, valid: true, message: parsed.data };
}

/** Path and message of each issue, without the offending value (it may be a secret). */
function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
