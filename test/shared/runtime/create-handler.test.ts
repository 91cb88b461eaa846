import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getPacer } from '../../../shared/aws/pacer.ts';
import { pruneFunctionPolicy } from '../../../shared/config/prune-section.ts';
import { createHandler, resetLoadedConfig } from '../../../shared/runtime/create-handler.ts';
import { InvalidEventError } from '../../../shared/runtime/errors.ts';
import { createLambdaContext } from '../../support/lambda-context.ts';
import { writePolicyFile } from '../../support/policy-file.ts';

/** Deregistrations the pacer lets through at once: the function's burst in that ECS bucket. */
async function deregistrationBurst(): Promise<number> {
  const pacer = getPacer();
  let burst = 0;
  while (pacer.waitTimeMs('DeregisterTaskDefinitionCommand') === 0) {
    await pacer.acquire('DeregisterTaskDefinitionCommand');
    burst += 1;
  }
  return burst;
}

describe('createHandler', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    process.env.POLICY_FILE = writePolicyFile({
      pacing: { share: 0.5 },
      prune: { pacingShare: 0.25 },
    });
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    resetLoadedConfig();
  });
  afterEach(() => {
    process.env = { ...saved };
    resetLoadedConfig();
  });

  it('paces with the policy-wide share by default: half of ECS burst of 20', async () => {
    const handler = createHandler({
      name: 'test',
      policy: pruneFunctionPolicy,
      dryRun: () => false,
      parseEvent: (raw) => raw,
      handle: deregistrationBurst,
    });

    await expect(handler({}, createLambdaContext())).resolves.toBe(10);
  });

  it("paces with the function's own share when it names one", async () => {
    const handler = createHandler({
      name: 'test',
      policy: pruneFunctionPolicy,
      dryRun: () => false,
      parseEvent: (raw) => raw,
      handle: deregistrationBurst,
      pacingShare: (policy) => policy.prune.pacingShare,
    });

    await expect(handler({}, createLambdaContext())).resolves.toBe(5);
  });

  it('keeps the first 20 issues of an invalid event, and counts the rest, in its answer and dead letter', async () => {
    // Prepare: an event with 3,000 problems, and a dead-letter queue.
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/dead-letters',
    });
    const issues = Array.from(
      { length: 3_000 },
      (_, i) => `containers.${i}.exitCode: expected number`,
    );
    const handler = createHandler({
      name: 'test',
      policy: pruneFunctionPolicy,
      dryRun: () => false,
      parseEvent: () => {
        throw new InvalidEventError(issues);
      },
      handle: async () => 'handled',
    });
    // Act
    const answer = (await handler({ huge: true }, createLambdaContext())) as {
      issues: readonly string[];
    };
    // Assess
    expect(answer.issues).toEqual([...issues.slice(0, 20), '… and 2980 more issue(s)']);
    const body = JSON.parse(
      sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody ?? '{}',
    );
    expect(body).toEqual({ reason: 'invalid-event', issues: answer.issues, event: { huge: true } });
  });

  it.each([
    ['nothing to count', 0, []],
    ['one count', 1, ['Counted']],
  ])('publishes its metrics with %s, and never warns that there were none', async (_name, count, names) => {
    // Prepare: metrics on, warnings on, the process output captured.
    Object.assign(process.env, {
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_NAMESPACE: 'Test',
    });
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => lines.push(String(chunk)) > 0;
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    const handler = createHandler({
      name: 'test',
      policy: pruneFunctionPolicy,
      dryRun: () => false,
      parseEvent: (raw) => raw,
      handle: async (_event, ctx) => {
        for (let i = 0; i < count; i += 1) ctx.metrics.addMetric('Counted', MetricUnit.Count, 1);
      },
    });
    // Act
    try {
      await handler({}, createLambdaContext());
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // Assess: no warning line; the EMF documents name exactly the metrics counted (and ColdStart).
    const output = lines.join('');
    expect(output).not.toMatch(/No application metrics to publish/);
    const published = output
      .split('\n')
      .filter((line) => line.includes('_aws'))
      .flatMap((line) =>
        JSON.parse(line)._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name),
      )
      .filter((name: string) => name !== 'ColdStart');
    expect(published).toEqual(names);
  });
});
