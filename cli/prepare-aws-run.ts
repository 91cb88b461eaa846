import { getPacer } from '../shared/aws/pacer.ts';
import type { PolicyConfig } from '../shared/config/policy-schema.ts';
import { type AwsTargetOptions, checkAwsAccess, useAwsTarget } from './aws-target.ts';
import type { CliIo } from './cli-io.ts';
import { type Progress, startProgress } from './progress.ts';
import {
  describePolicySource,
  loadPolicy,
  type PolicySource,
  resolvePolicySource,
} from './resolve-policy.ts';

/** What a read-only command against an account starts from. */
export type AwsRun = {
  policy: PolicyConfig;
  source: PolicySource;
  region: string;
  progress: Progress;
};

export type AwsRunOptions = AwsTargetOptions & { policy?: string; quiet?: boolean };

/**
 * The common start of `plan` and `explain`: picks and validates the policy, points the clients
 * at the account (paced like the function previewed), checks Region and credentials, and starts
 * the progress reporter. Says on stderr which policy and Region are used.
 *
 * @throws InvalidConfigError for an invalid policy; Error for a missing Region or credentials.
 */
export async function prepareAwsRun(
  options: AwsRunOptions,
  io: CliIo,
  pacingShare: (policy: PolicyConfig) => number,
): Promise<AwsRun> {
  const source = resolvePolicySource(options.policy, io.env, io.cwd);
  const policy = await loadPolicy(source);
  useAwsTarget(options, io.env, pacingShare(policy));
  const region = await checkAwsAccess(options);
  const quiet = options.quiet === true;
  if (!quiet) {
    io.stderr.write(`policy: ${describePolicySource(source)}\n`);
    io.stderr.write(`region: ${region} (read-only: nothing is changed)\n`);
  }
  const progress = startProgress({ stderr: io.stderr, quiet, stats: () => getPacer().stats() });
  return { policy, source, region, progress };
}
