import type { Context } from 'aws-lambda';

/** A Lambda context for invoking handlers in tests, with a fixed time budget. */
export function createLambdaContext(
  options: { functionName?: string; remainingMs?: number } = {},
): Context {
  const remainingMs = options.remainingMs ?? 60_000;
  const functionName = options.functionName ?? 'test-function';
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/22/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
