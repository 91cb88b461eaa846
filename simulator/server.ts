/**
 * The HTTP front: reads the JSON body, routes by `X-Amz-Target`, applies faults and throttling,
 * runs the handler, and answers in the service's JSON protocol. Signatures are not checked.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { CallLog } from './calls.ts';
import { answerCloudFormation } from './cloudformation.ts';
import type { SimContext } from './context.ts';
import { cleanUp } from './ecs/reconcile.ts';
import { AwsError, serverException } from './errors.ts';
import { answerWithFailures, type Faults } from './faults.ts';
import { readAccessKeyId } from './iam.ts';
import { isObject } from './input.ts';
import { route, routeRest, type ServiceSpec } from './router.ts';
import type { Throttler } from './throttling.ts';

export type ServerParts = { ctx: SimContext; calls: CallLog; faults: Faults; throttler: Throttler };

/** Creates (but does not start) the HTTP server. */
export function createSimServer(parts: ServerParts): Server {
  let cleanedAt = Number.NEGATIVE_INFINITY;
  // Housekeeping scans the whole account, so it runs at most once per simulated second.
  const housekeep = () => {
    const now = parts.ctx.now();
    if (now - cleanedAt < 1000) return;
    cleanedAt = now;
    cleanUp(parts.ctx);
  };
  return createServer((request, response) => {
    readBody(request)
      .then((body) => answer({ ...parts, housekeep }, request, body, response))
      .catch((error: unknown) => {
        response.statusCode = 500;
        response.end(JSON.stringify({ __type: 'ServerException', message: String(error) }));
      });
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // The SDK gzips large request bodies (CloudWatch PutMetricData), as AWS accepts.
      const raw = Buffer.concat(chunks);
      const gzipped = request.headers['content-encoding'] === 'gzip';
      resolve((gzipped ? gunzipSync(raw) : raw).toString('utf8'));
    });
    request.on('error', reject);
  });
}

async function answer(
  parts: ServerParts & { housekeep: () => void },
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
) {
  const header = request.headers['x-amz-target'];
  if (header === undefined && isQueryProtocol(request)) {
    answerQuery(parts, new URLSearchParams(body), response);
    return;
  }
  const found = typeof header === 'string' ? route(header) : routeRest(request.method, request.url);
  if (!found) {
    send(
      response,
      400,
      { __type: 'UnknownOperationException', message: `Unknown target ${header}` },
      '1.1',
    );
    return;
  }
  const { spec, action, handler } = found;
  const { ctx, calls } = parts;
  const at = ctx.now();
  const fail = (error: AwsError) => {
    sendError(response, spec, error, at);
    calls.record({
      service: spec.service,
      action,
      ok: false,
      error: error.name,
      status: error.status,
      at,
    });
  };
  const { input, parseError } =
    found.input === undefined ? parseBody(body) : { input: found.input, parseError: undefined };
  // Faults see the request so that a rule can target one cluster.
  const fault = parts.faults.check(spec.service, action, isObject(input) ? input : undefined);
  if (fault.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.latencyMs));
  if (fault.error && !fault.errorAfterEffect) return fail(fault.error);
  if (!handler)
    return fail(new AwsError('UnknownOperationException', `Unsupported action ${action}`));
  if (!parts.throttler.take(spec.service, action)) {
    return fail(new AwsError('ThrottlingException', 'Rate exceeded', { queryCode: 'Throttling' }));
  }
  try {
    if (parseError !== undefined) throw parseError;
    if (!isObject(input))
      throw new AwsError('SerializationException', 'Body must be a JSON object.');
    parts.housekeep();
    const withheld = fault.failItems && answerWithFailures(action, input, fault.failItems);
    const caller = { accessKeyId: readAccessKeyId(request.headers.authorization) };
    const output = withheld || (handler(ctx, input, caller) ?? {});
    if (fault.error) return fail(fault.error);
    send(response, 200, output, spec.json, { date: httpDate(at) });
    calls.record({ service: spec.service, action, ok: true, status: 200, at });
  } catch (error) {
    fail(error instanceof AwsError ? error : serverException(String(error)));
  }
}

/** The AWS query protocol (form-encoded `Action=…`): CloudFormation here. */
function isQueryProtocol(request: IncomingMessage): boolean {
  return String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded');
}

function answerQuery(parts: ServerParts, form: URLSearchParams, response: ServerResponse) {
  const answer = answerCloudFormation(parts.ctx.account, form);
  response.writeHead(answer.status, {
    'content-type': 'text/xml',
    'x-amzn-requestid': randomUUID(),
  });
  response.end(answer.xml);
  parts.calls.record({
    service: 'cloudformation',
    action: answer.action,
    ok: answer.status === 200,
    ...(answer.error === undefined ? {} : { error: answer.error }),
    status: answer.status,
    at: parts.ctx.now(),
  });
}

function parseBody(body: string): { input?: unknown; parseError?: unknown } {
  try {
    return { input: body === '' ? {} : JSON.parse(body) };
  } catch (parseError) {
    return { parseError };
  }
}

function send(response: ServerResponse, status: number, body: unknown, json: string, headers = {}) {
  response.writeHead(status, {
    'content-type': json === 'rest' ? 'application/json' : `application/x-amz-json-${json}`,
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(JSON.stringify(body));
}

/**
 * The `Date` header on the simulator's clock, as AWS stamps its answers with its own time: the
 * SDK corrects its clock skew from it, so a real-time header beside a simulated clock would make
 * the SDK retry a refused call once more than against AWS.
 */
function httpDate(at: number): string {
  return new Date(at).toUTCString();
}

function sendError(response: ServerResponse, spec: ServiceSpec, error: AwsError, at: number) {
  const type = spec.errorNamespace ? `${spec.errorNamespace}#${error.name}` : error.name;
  const headers: Record<string, string> = { date: httpDate(at) };
  // REST-JSON services name the error in a header (the SDK reads it before the body).
  if (spec.json === 'rest') headers['x-amzn-errortype'] = error.name;
  if (spec.errorNamespace) {
    const fault = error.status >= 500 ? 'Receiver' : 'Sender';
    headers['x-amzn-query-error'] = `${error.queryCode ?? error.name};${fault}`;
  }
  send(response, error.status, { __type: type, message: error.message }, spec.json, headers);
}
