import { ECSClient } from '@aws-sdk/client-ecs';
import { clientFor } from './clients.ts';

/**
 * Resolves the Region and credentials that every client will use, without calling AWS: the SDK's
 * own chains (environment, profile, SSO, role) answer, as they would for the first real call.
 *
 * @returns the Region, or which of the two could not be resolved and the chain's message.
 */
export async function resolveRegionAndCredentials(): Promise<
  { ok: true; region: string } | { ok: false; missing: 'region' | 'credentials'; detail: string }
> {
  const { config } = clientFor(ECSClient, { paced: true });
  let region: string;
  try {
    region = await config.region();
  } catch (error) {
    return { ok: false, missing: 'region', detail: messageOf(error) };
  }
  try {
    await config.credentials();
  } catch (error) {
    return { ok: false, missing: 'credentials', detail: messageOf(error) };
  }
  return { ok: true, region };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
