import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  type QueueAttributeName,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { callAws } from './call-aws.ts';
import { clientFor } from './clients.ts';

/** Queue URLs by name, for the container's life: a queue's URL never changes. */
const urls = new Map<string, Promise<string>>();

/**
 * The URL of a queue of this account and Region, by name, cached per container (a failed lookup
 * is forgotten so the next evaluation asks again). Requires sqs:GetQueueUrl.
 *
 * @throws AwsCallError when SQS refuses (QueueDoesNotExist is kind `client`).
 */
function getQueueUrl(queueName: string): Promise<string> {
  let url = urls.get(queueName);
  if (url === undefined) {
    url = callAws('GetQueueUrl', () =>
      clientFor(SQSClient, { paced: false }).send(new GetQueueUrlCommand({ QueueName: queueName })),
    ).then((answer) => answer.QueueUrl ?? '');
    urls.set(queueName, url);
    url.catch(() => urls.delete(queueName));
  }
  return url;
}

/**
 * A queue's backlog now: `ApproximateNumberOfMessages` ("the approximate number of messages
 * available for retrieval from the queue") and `ApproximateNumberOfMessagesNotVisible` (in
 * flight), from one GetQueueAttributes call. SQS says these "may not achieve consistency until at
 * least 1 minute after the producers stop sending messages"; CloudWatch's `AWS/SQS` metrics come
 * a minute at a time, after that. Requires sqs:GetQueueUrl, sqs:GetQueueAttributes.
 *
 * @returns the counts; a count SQS leaves out is 0.
 * @throws AwsCallError when SQS refuses or the queue does not exist.
 */
export async function getQueueBacklog(
  queueName: string,
): Promise<{ visible: number; inFlight: number }> {
  const queueUrl = await getQueueUrl(queueName);
  const answer = await callAws('GetQueueAttributes', () =>
    clientFor(SQSClient, { paced: false }).send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    ),
  );
  const count = (name: QueueAttributeName) => {
    const value = Number(answer.Attributes?.[name] ?? 0);
    return Number.isFinite(value) && value >= 0 ? value : 0;
  };
  return {
    visible: count('ApproximateNumberOfMessages'),
    inFlight: count('ApproximateNumberOfMessagesNotVisible'),
  };
}
