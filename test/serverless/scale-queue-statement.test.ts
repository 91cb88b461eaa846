import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { writePolicyFile } from '../support/policy-file.ts';

type Statement = { Action: string[]; Resource: { 'Fn::Sub': string }[] };
type Resolver = ((options: {
  resolveVariable: (name: string) => Promise<string>;
}) => Promise<Statement>) & {
  listQueuePatterns: (document: unknown) => string[];
};
const resolveStatement = createRequire(import.meta.url)(
  '../../serverless/scale-queue-statement.cjs',
) as Resolver;

const arn = (name: string) =>
  `arn:\${AWS::Partition}:sqs:\${AWS::Region}:\${AWS::AccountId}:${name}`;

describe('serverless/scale-queue-statement.cjs', () => {
  it('grants the queue reads on the queues the policy names, placeholders as the rule’s match', async () => {
    // Prepare
    const file = writePolicyFile({
      scale: {
        services: [
          {
            match: { service: 'worker-*' },
            max: 10,
            metrics: [
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder
              { kind: 'sqs-backlog', queueName: '${service}-jobs', targetPerTask: 5 },
              { kind: 'sqs-backlog', queueName: 'orders', targetPerTask: 5, source: 'queue' },
              { kind: 'sqs-backlog', queueName: 'legacy', targetPerTask: 5, source: 'cloudwatch' },
              { kind: 'cpu', targetPercent: 50 },
            ],
          },
        ],
      },
    });
    // Act
    const statement = await resolveStatement({ resolveVariable: async () => file });
    // Assess: CloudWatch-sourced queues need no SQS grant.
    expect(statement.Action).toEqual(['sqs:GetQueueUrl', 'sqs:GetQueueAttributes']);
    expect(statement.Resource).toEqual([
      { 'Fn::Sub': arn('orders') },
      { 'Fn::Sub': arn('worker-*-jobs') },
    ]);
  });

  it('widens a placeholder to * only where IAM cannot read the match glob', async () => {
    // Prepare
    const queue = (queueName: string) => ({ kind: 'sqs-backlog', queueName, targetPerTask: 5 });
    const file = writePolicyFile({
      scale: {
        services: [
          {
            match: { cluster: 'prod', service: '{web,api}' },
            max: 9,
            // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder
            metrics: [queue('${cluster}-${service}')],
          },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a config placeholder
          { match: { service: 'report?' }, max: 9, metrics: [queue('${cluster}-${service}-in')] },
        ],
      },
    });
    // Act
    const statement = await resolveStatement({ resolveVariable: async () => file });
    // Assess: alternatives and the default cluster (any) become IAM's *.
    expect(statement.Resource).toEqual([
      { 'Fn::Sub': arn('*-report?-in') },
      { 'Fn::Sub': arn('prod-*') },
    ]);
  });

  it('grants nothing SQS can create when the policy reads no queue', async () => {
    // Prepare
    const file = writePolicyFile({ scale: {} });
    // Act
    const statement = await resolveStatement({ resolveVariable: async () => file });
    // Assess
    expect(statement.Resource).toEqual([{ 'Fn::Sub': arn('ecs-autopilot-no-queue.none') }]);
  });
});
