/**
 * The environment a function bundle (or any SDK v3 client) needs to talk to this simulator instead
 * of AWS: the SDK's standard endpoint variable, a Region, and placeholder credentials (the
 * simulator does not check signatures). Callers add their own policy and logging settings.
 */
export function simulatorEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'simulator',
    AWS_SECRET_ACCESS_KEY: 'simulator',
  };
}
