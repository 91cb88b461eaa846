/**
 * Errors the simulator returns the way AWS does: an HTTP status and a JSON body whose `__type`
 * names the real exception shape, so the SDK raises its own exception class.
 */

/** One AWS error response. `queryCode` is the legacy Query code of awsQueryCompatible services. */
export class AwsError extends Error {
  readonly status: number;
  readonly queryCode: string | undefined;

  constructor(
    name: string,
    message: string,
    options: { status?: number; queryCode?: string } = {},
  ) {
    super(message);
    this.name = name;
    this.status = options.status ?? 400;
    this.queryCode = options.queryCode;
  }
}

/** ECS: a client-side mistake (unknown or unusable resource, bad state). */
export function clientException(message: string): AwsError {
  return new AwsError('ClientException', message);
}

/** ECS and most JSON services: a parameter is missing, malformed or out of range. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterException', message);
}

/** ECS: the named cluster does not exist. */
export function clusterNotFound(): AwsError {
  return new AwsError('ClusterNotFoundException', 'Cluster not found.');
}

/** Any service: the request exceeded a throttling bucket. */
export function throttling(): AwsError {
  return new AwsError('ThrottlingException', 'Rate exceeded', { queryCode: 'Throttling' });
}

/** Any service: an internal failure (HTTP 500). */
export function serverException(message = 'Service Unavailable'): AwsError {
  return new AwsError('ServerException', message, { status: 500 });
}

/** Services whose validation failures are `ValidationException` (EventBridge, App Auto Scaling). */
export function validationException(message: string): AwsError {
  return new AwsError('ValidationException', message);
}
