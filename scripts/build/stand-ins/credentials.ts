import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * scripts/build.ts). Lambda hands the function role's credentials over in environment variables,
 * so the rest of the SDK's default chain (ini files, SSO, process, web identity, instance
 * metadata, and the STS and SSO clients they carry) never applies there, yet costs about 95 KB of
 * bundle and the time to load it on every cold start.
 */
export function defaultProvider(
  init?: Parameters<typeof fromEnv>[0],
): AwsCredentialIdentityProvider {
  return fromEnv(init);
}
