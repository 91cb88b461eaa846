/**
 * Maps a request to a service, its wire protocol and the action's handler: the `X-Amz-Target`
 * header for JSON protocols, the method and path for REST-JSON ones (EventBridge Scheduler).
 */
import { autoScalingHandlers } from './autoscaling.ts';
import { cloudWatchHandlers } from './cloudwatch/index.ts';
import type { SimContext } from './context.ts';
import { ecsHandlers } from './ecs/index.ts';
import { eventBridgeHandlers } from './eventbridge.ts';
import type { Input } from './input.ts';
import { schedulerRoutes } from './scheduler.ts';
import { sqsHandlers } from './sqs/index.ts';
import { stepFunctionsHandlers } from './stepfunctions.ts';
import { taggingHandlers } from './tagging.ts';

/** What a handler knows of the request beyond its body: who signed it. */
export type RequestInfo = { accessKeyId?: string };

/** An action: validated input in, response body out; throws AwsError for AWS errors. */
export type Handler = (ctx: SimContext, input: Input, request: RequestInfo) => unknown;
export type Handlers = Record<string, Handler>;

export type ServiceSpec = {
  /** Short name used in the call log and in `service:Action` keys. */
  service: string;
  targetPrefix: string;
  /** `1.0` or `1.1`: the JSON protocol version; `rest` for REST-JSON. */
  json: '1.0' | '1.1' | 'rest';
  /** awsQueryCompatible services also send the legacy error code in `x-amzn-query-error`. */
  errorNamespace?: string;
  handlers: Handlers;
};

export const services: ServiceSpec[] = [
  {
    service: 'ecs',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    json: '1.1',
    handlers: ecsHandlers,
  },
  { service: 'events', targetPrefix: 'AWSEvents', json: '1.1', handlers: eventBridgeHandlers },
  {
    service: 'cloudwatch',
    targetPrefix: 'GraniteServiceVersion20100801',
    json: '1.0',
    errorNamespace: 'com.amazonaws.cloudwatch',
    handlers: cloudWatchHandlers,
  },
  {
    service: 'sqs',
    targetPrefix: 'AmazonSQS',
    json: '1.0',
    errorNamespace: 'com.amazonaws.sqs',
    handlers: sqsHandlers,
  },
  {
    service: 'application-autoscaling',
    targetPrefix: 'AnyScaleFrontendService',
    json: '1.1',
    handlers: autoScalingHandlers,
  },
  {
    service: 'states',
    targetPrefix: 'AWSStepFunctions',
    json: '1.0',
    handlers: stepFunctionsHandlers,
  },
  {
    service: 'tagging',
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
    json: '1.1',
    handlers: taggingHandlers,
  },
];

/** REST-JSON services: no target prefix, routed by method and path. */
const schedulerSpec: ServiceSpec = {
  service: 'scheduler',
  targetPrefix: '',
  json: 'rest',
  handlers: Object.fromEntries(schedulerRoutes.map((r) => [r.action, r.handler])),
};

/** `input` is set for REST routes: the path's fields and the query string. */
export type Route = {
  spec: ServiceSpec;
  action: string;
  handler: Handler | undefined;
  input?: Input;
};

/** Finds the service and handler for a target; undefined when no service matches. */
export function route(target: string | undefined): Route | undefined {
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf('.');
  const prefix = target.slice(0, dot);
  const action = target.slice(dot + 1);
  const spec = services.find((candidate) => candidate.targetPrefix === prefix);
  if (!spec) return undefined;
  return { spec, action, handler: spec.handlers[action] };
}

/**
 * Finds the REST route of a request without `X-Amz-Target`: its path's named fields and its
 * query parameters become the handler's input.
 * @returns the route, or undefined when no REST service answers that method and path.
 */
export function routeRest(method: string | undefined, url: string | undefined): Route | undefined {
  const parsed = new URL(url ?? '/', 'http://simulator');
  for (const rest of schedulerRoutes) {
    const match = rest.method === method ? rest.path.exec(parsed.pathname) : null;
    if (!match) continue;
    const input: Input = Object.fromEntries(parsed.searchParams);
    for (const [key, value] of Object.entries(match.groups ?? {})) {
      input[key] = decodeURIComponent(value);
    }
    return { spec: schedulerSpec, action: rest.action, handler: rest.handler, input };
  }
  return undefined;
}
