/**
 * Secret values planted wherever an account can carry credentials: container override
 * environment values and command arguments of restarted tasks, task-definition environments,
 * and resource tags. The scan looks for each value, verbatim, in everything the functions emit.
 */

/** Each value is unique and unlikely anywhere else, so any occurrence is a leak. */
export const PLANTED = {
  overrideEnvironment: 'planted-override-env-5Jq2vX9w',
  commandAssignment: 'planted-cmd-assign-Kx81pQ',
  commandFlagValue: 'planted-cmd-flag-R3dL0s',
  shellAssignment: 'planted-shell-token-Q7mzT2',
  urlPassword: 'planted-url-password-Hs5eW1',
  bearerToken: 'planted-bearer-token-Vn9kC3',
  definitionEnvironment: 'planted-definition-env-Lw3pV8',
  tagValue: 'planted-tag-value-Zr6cN4',
} as const;

/** Container overrides as a job's launcher passes them, credentials included. */
export function plantedOverrides(container = 'app') {
  return {
    containerOverrides: [
      {
        name: container,
        environment: [
          { name: 'API_KEY', value: PLANTED.overrideEnvironment },
          { name: 'REPORT_DATE', value: '2026-01-01' },
        ],
        command: [
          'sh',
          '-c',
          `export PGPASSWORD=${PLANTED.shellAssignment}; psql "postgres://app:${PLANTED.urlPassword}@db/app" -c 'select 1'`,
          `curl -sf -H "Authorization: Bearer ${PLANTED.bearerToken}" https://example.com/hook`,
          `--password=${PLANTED.commandAssignment}`,
          '--api-key',
          PLANTED.commandFlagValue,
        ],
      },
    ],
  };
}

/** A container definition whose plain environment holds a credential (it happens). */
export function plantedContainer(name = 'app') {
  return {
    name,
    image: `example/${name}`,
    essential: true,
    environment: [{ name: 'DB_PASSWORD', value: PLANTED.definitionEnvironment }],
  };
}

/** Tags with a credential-like value beside ordinary ones. */
export function plantedTags(extra: Record<string, string> = {}): Record<string, string> {
  return { team: 'data', 'build-token': PLANTED.tagValue, ...extra };
}

/** One place a planted value was found. */
export type Leak = { secret: string; where: string; excerpt: string };

/** Every planted value found in `texts`, with where it was and the text around it. */
export function findLeaks(texts: readonly { where: string; text: string }[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, text } of texts) {
    for (const secret of Object.values(PLANTED)) {
      const at = text.indexOf(secret);
      if (at >= 0)
        leaks.push({ secret, where, excerpt: text.slice(Math.max(0, at - 80), at + 40) });
    }
  }
  return leaks;
}
