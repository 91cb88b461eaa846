import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetClients } from '../../../shared/aws/clients.ts';
import { deregisterTaskDefinition } from '../../../shared/aws/ecs-task-definitions.ts';
import { configurePacing, getPacer } from '../../../shared/aws/pacer.ts';

/**
 * aws-sdk-client-mock replaces `send`, which skips the middleware stack; these tests use a tiny
 * HTTP server so the SDK's real retry loop and the pacing middleware run.
 */
describe('throttling through the real SDK retry path', () => {
  let server: Server;
  let throttleNext = 0;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        requests += 1;
        response.setHeader('content-type', 'application/x-amz-json-1.1');
        if (throttleNext > 0) {
          throttleNext -= 1;
          response.statusCode = 400;
          response.end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
          return;
        }
        response.end(JSON.stringify({ taskDefinition: { status: 'INACTIVE' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    process.env.AWS_ENDPOINT_URL_ECS = `http://127.0.0.1:${port}`;
    process.env.AWS_REGION = 'us-east-1';
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    resetClients();
  });

  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_ECS;
    resetClients();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    requests = 0;
    configurePacing({ share: 1 });
  });

  it('retries a throttled call, counts the throttle, and paces every attempt', async () => {
    throttleNext = 2;

    await expect(deregisterTaskDefinition('td:1')).resolves.toBe('deregistered');

    expect(requests).toBe(3);
    expect(getPacer().stats()).toMatchObject({
      calls: { DeregisterTaskDefinitionCommand: 3 },
      throttled: { DeregisterTaskDefinitionCommand: 2 },
    });
  });

  it('gives up after the pinned number of attempts with a transient error', async () => {
    throttleNext = 10;

    await expect(deregisterTaskDefinition('td:1')).rejects.toMatchObject({
      name: 'AwsCallError',
      awsErrorName: 'ThrottlingException',
      transient: true,
    });
    expect(requests).toBe(4);
    throttleNext = 0;
  });
});
