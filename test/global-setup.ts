/**
 * Scenario tests run the same bundles that `serverless package` zips, so they are built once
 * before any test file runs.
 */
import { buildFunctions } from '../scripts/build.ts';

export async function setup(): Promise<void> {
  await buildFunctions({ quiet: true });
}
