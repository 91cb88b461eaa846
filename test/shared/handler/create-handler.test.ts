import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPacer } from '../../../shared/aws/client-config.ts';
import { createHandler, resetLoadedConfig } from '../../../shared/handler/create-handler.ts';
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
      parseEvent: (raw) => raw,
      handle: deregistrationBurst,
    });

    await expect(handler({}, createLambdaContext())).resolves.toBe(10);
  });

  it("paces with the function's own share when it names one", async () => {
    const handler = createHandler({
      name: 'test',
      parseEvent: (raw) => raw,
      handle: deregistrationBurst,
      pacingShare: (policy) => policy.prune.pacingShare,
    });

    await expect(handler({}, createLambdaContext())).resolves.toBe(5);
  });
});
