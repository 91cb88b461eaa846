import { resolveRegionAndCredentials } from '../shared/aws/caller-identity.ts';
import { resetClients } from '../shared/aws/clients.ts';
import { configurePacing } from '../shared/aws/pacer.ts';

/** Which account and Region the CLI reads, as given on the command line. */
export type AwsTargetOptions = { region?: string; profile?: string };

/**
 * Points the shared AWS clients at the operator's account: `--region` and `--profile` become
 * `AWS_REGION` and `AWS_PROFILE` before any client exists, so the SDK's own default chains
 * resolve them (credentials from the profile's keys, SSO, role or process, Region from the
 * profile when not given). `AWS_ENDPOINT_URL` is left to the SDK, which is how the local
 * simulator is reached. The CLI is not bundled, so it keeps the SDK's full credential chain
 * (the Lambda bundles alias it to environment credentials only).
 *
 * Every read is paced at `pacingShare` of ECS's throttle buckets, like the function it previews,
 * so a preview never starves the account's own deploys.
 */
export function useAwsTarget(
  options: AwsTargetOptions,
  env: Record<string, string | undefined>,
  pacingShare: number,
): void {
  if (options.region !== undefined) env.AWS_REGION = options.region;
  if (options.profile !== undefined) env.AWS_PROFILE = options.profile;
  // Clients read the environment when created; forget any made before (tests, a second command).
  resetClients();
  configurePacing({ share: pacingShare });
}

/**
 * Resolves the Region and credentials before any read, so a missing Region or profile is one
 * clear error instead of a plan full of failed reads (prune turns failed reads into gaps).
 *
 * @returns the Region the reads go to.
 * @throws Error saying what is missing and how to provide it.
 */
export async function checkAwsAccess(options: AwsTargetOptions): Promise<string> {
  const access = await resolveRegionAndCredentials();
  if (access.ok) return access.region;
  if (access.missing === 'region') {
    throw new Error(
      [
        'no AWS Region: pass --region, set AWS_REGION, or use a profile that names a region;',
        `  for the local simulator: ${SIMULATOR_HINT}`,
      ].join('\n'),
    );
  }
  if (options.profile === undefined) {
    throw new Error(
      [
        `no AWS credentials (${access.detail}). Give the CLI read-only credentials, one of:`,
        '  --profile NAME (or AWS_PROFILE=NAME): keys from `aws configure`, or `aws sso login --profile NAME` first;',
        '  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) in the environment;',
        `  for the local simulator: ${SIMULATOR_HINT}`,
      ].join('\n'),
    );
  }
  throw new Error(
    `no AWS credentials for profile "${options.profile}": ${access.detail} (check the profile in ~/.aws/config and ~/.aws/credentials, or run: aws sso login --profile ${options.profile})`,
  );
}

/** How to point the CLI at the playground's account instead of AWS. */
const SIMULATOR_HINT =
  'run `npm start -- --serve` and export the AWS_* variables it prints (any keys work there).';
