import * as z from './zod.ts';

/**
 * The keys of the policy document that every function reads besides its own section. Only
 * validation imports this module (the CLI, the build, a `POLICY_FILE` override), never a deployed
 * function's cold start.
 */
export const documentKeysShape = {
  version: z._default(z.literal(1), 1),
  pacing: z.prefault(
    z.strictObject({
      /** Share of each ECS throttle bucket the functions may use; the rest is the account's. */
      share: z._default(z.number().check(z.gt(0), z.lte(1)), 0.5),
    }),
    {},
  ),
};
