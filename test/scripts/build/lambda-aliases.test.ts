import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBundleOptions } from '../../../scripts/build.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const node = join(root, 'node_modules', '.bin', 'node');
const outdir = join(tmpdir(), `lambda-aliases-test-${process.pid}`);

/** A probe bundled exactly like the functions: one ECS call, and the zod features we stub. */
const probeSource = `
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
const out = {};
try {
  const client = new ECSClient({ maxAttempts: 1 });
  out.clusters = (await client.send(new ListClustersCommand({}))).clusterArns;
  const events = new EventBridgeClient({ maxAttempts: 1 });
  const entry = { Source: 'probe', DetailType: 'Probe', Detail: '{}' };
  out.failedEvents = (await events.send(new PutEventsCommand({ Entries: [entry] }))).FailedEntryCount;
} catch (error) {
  out.sdkError = error.message;
}
const name = z.string().min(2).max(5);
out.minLength = name.minLength;
out.parsed = name.parse('web');
out.standard = name['~standard'].validate('web');
try {
  name.toJSONSchema();
} catch (error) {
  out.jsonSchemaError = error.message;
}
console.log(JSON.stringify(out));
`;

type ProbeOutput = {
  clusters?: string[];
  failedEvents?: number;
  sdkError?: string;
  minLength: number;
  parsed: string;
  standard: unknown;
  jsonSchemaError?: string;
};
type SeenRequest = { headers: IncomingHttpHeaders; target: string };

let server: Server;
let endpoint: string;
const seen: SeenRequest[] = [];

/** Runs the probe bundle with only the given environment (plus PATH), as Lambda would. */
async function runProbe(env: Record<string, string>): Promise<ProbeOutput> {
  const { stdout } = await run(node, [join(outdir, 'probe.mjs')], {
    env: { PATH: process.env.PATH ?? '', HOME: outdir, ...env },
    timeout: 20_000,
  });
  return JSON.parse(stdout) as ProbeOutput;
}

const credentials = { AWS_ACCESS_KEY_ID: 'AKIDPROBE', AWS_SECRET_ACCESS_KEY: 'secret' };

beforeAll(async () => {
  await build({
    ...lambdaBundleOptions,
    stdin: { contents: probeSource, resolveDir: root, loader: 'js' },
    outfile: join(outdir, 'probe.mjs'),
    logLevel: 'silent',
  });
  server = createServer((request, response) => {
    seen.push({ headers: request.headers, target: String(request.headers['x-amz-target']) });
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    const events = String(request.headers['x-amz-target']).startsWith('AWSEvents.');
    response.end(
      JSON.stringify(
        events
          ? { FailedEntryCount: 0, Entries: [{ EventId: '1' }] }
          : { clusterArns: ['arn:aws:ecs:eu-west-3:1:cluster/probe'] },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('Lambda bundle aliases', () => {
  it('still reach the endpoint named by AWS_ENDPOINT_URL_ECS, in AWS_REGION, with environment credentials', async () => {
    // Prepare
    seen.length = 0;

    // Act: the general endpoint points nowhere; the per-service ones must win.
    const out = await runProbe({
      ...credentials,
      AWS_REGION: 'eu-west-3',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_ECS: endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: endpoint,
    });

    // Assess
    expect(out.sdkError).toBeUndefined();
    expect(out.clusters).toEqual(['arn:aws:ecs:eu-west-3:1:cluster/probe']);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.headers.authorization).toContain('Credential=AKIDPROBE/');
    expect(seen[0]?.headers.authorization).toContain('/eu-west-3/ecs/aws4_request');
  });

  it('still reach the endpoint named by AWS_ENDPOINT_URL alone (how the simulator is reached)', async () => {
    // Prepare
    seen.length = 0;

    // Act
    const out = await runProbe({
      ...credentials,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
    });

    // Assess: EventBridge's (multi-region) signer still signs with SigV4 in the region.
    expect(out.sdkError).toBeUndefined();
    expect(out.failedEvents).toBe(0);
    expect(seen.map((request) => request.target)).toEqual([
      'AmazonEC2ContainerServiceV20141113.ListClusters',
      'AWSEvents.PutEvents',
    ]);
    expect(seen[1]?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDPROBE\/\d{8}\/us-east-1\/events\/aws4_request/,
    );
  });

  it('report a missing AWS_REGION instead of looking for ~/.aws files or instance metadata', async () => {
    // Act
    const out = await runProbe({ ...credentials, AWS_ENDPOINT_URL: endpoint });

    // Assess
    expect(out.sdkError).toBe('Region is missing');
  });

  it('keep zod parsing, its length getters and Standard Schema validation, and say so if JSON Schema generation is asked for', async () => {
    // Act
    const out = await runProbe({
      ...credentials,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: endpoint,
    });

    // Assess
    expect(out.parsed).toBe('web');
    expect(out.standard).toEqual({ value: 'web' });
    expect(out.minLength).toBe(2);
    expect(out.jsonSchemaError).toMatch(/zod JSON Schema generation is not bundled/);
  });

  it.each([
    'restart-task',
    'prune-task-definitions',
    'scale-services',
  ])('leave what Lambda never runs out of the %s bundle', async (name) => {
    // Prepare: the bundles built by the global setup, as deployed.
    const meta = JSON.parse(await readFile(join(root, 'dist', name, 'meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };

    // Act: the modules that left code in the bundle (imported but fully tree-shaken ones don't).
    const inputs = Object.values(meta.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    );

    // Assess
    for (const left of [
      /credential-provider-(node|ini|sso|process|web-identity|imds|http)/,
      /shared-ini-file-loader/,
      /getInstanceMetadataRegion\.js$/,
      /^node_modules\/.*event-streams[\\/]/,
      /to-json-schema\.js$/,
      /Sha256Js\.js$/,
      /util-retry[\\/]AdaptiveRetryStrategy\.js$/,
      /HeaderFormatter\.js$/,
      /SignatureV4MultiRegion\.js$/,
      // Lambda code parses with zod/mini (shared/config/zod.ts); classic zod is ~45 KB more.
      /zod[\\/]v4[\\/]classic[\\/]/,
    ]) {
      expect(
        inputs.filter((input) => left.test(input) && !input.startsWith('lambda-stub:')),
      ).toEqual([]);
    }
  });
});
