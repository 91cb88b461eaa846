/**
 * Stands in for `fromSharedConfigFiles` of the SDK's node config loader (`@smithy/core/config`) in
 * the Lambda bundles (an esbuild alias in scripts/build/lambda-aliases.ts). The loader asks the
 * environment first, then `~/.aws/config` and `~/.aws/credentials`, then a default. A Lambda
 * container has no such files, so this link always answers "not found" and the chain goes on to the
 * default, exactly as it does there with the real link; dropping the ini parser and file reader
 * saves about 3 KB per bundle and a filesystem look-up per setting on a cold start. Region,
 * `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>` and the other settings still come from the
 * environment through the loader's first link.
 */
export function fromSharedConfigFiles(): () => Promise<never> {
  return async () => {
    // `tryNextLink` is what the SDK's provider chain reads to move on to the next source.
    throw Object.assign(
      new Error('Lambda bundles read SDK settings from the environment, not from ~/.aws files'),
      { name: 'ProviderError', tryNextLink: true },
    );
  };
}
