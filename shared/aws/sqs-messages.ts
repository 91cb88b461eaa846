import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** SQS delays a message by at most 15 minutes. */
export const maxDelaySeconds = 900;

/**
 * Sends a message that becomes visible after `delaySeconds` (capped at SQS's 900 s).
 * Requires sqs:SendMessage on the queue.
 */
export async function sendDelayedMessage(
  queueUrl: string,
  body: unknown,
  delaySeconds: number,
): Promise<string> {
  const response = await callAws('SendMessage', () =>
    clientFor(SQSClient, { paced: false }).send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify(body),
        DelaySeconds: Math.max(0, Math.min(maxDelaySeconds, Math.round(delaySeconds))),
      }),
    ),
  );
  return response.MessageId ?? '';
}
