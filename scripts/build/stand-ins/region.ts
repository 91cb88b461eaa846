/**
 * Stands in for `getInstanceMetadataRegion` of `@smithy/core/config` in the Lambda bundles (an
 * esbuild alias in scripts/build/lambda-aliases.ts). The SDK asks the EC2 instance metadata service
 * for a region only when `AWS_REGION` is unset, and to infer the physical region when
 * `AWS_DEFAULTS_MODE=auto` runs outside Lambda. Lambda always sets `AWS_REGION` and
 * `AWS_EXECUTION_ENV` and has no instance metadata service, so the answer there is always "unknown":
 * the SDK then reports "Region is missing" as before, without a 1-second HTTP probe first.
 */
export async function getInstanceMetadataRegion(): Promise<string | undefined> {
  return undefined;
}
