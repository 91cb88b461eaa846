import { pruneSectionSchema } from './prune-section.ts';
import { restartSectionSchema } from './restart-section.ts';
import { scaleSectionSchema } from './scale-section.ts';
import * as z from './zod.ts';

/**
 * The one policy document that configures all three functions. An empty document is valid and
 * safe: nothing is restarted or scaled unless selected, and pruning starts in dry-run.
 */
export const policySchema = z.strictObject({
  version: z._default(z.literal(1), 1),
  pacing: z.prefault(
    z.strictObject({
      /** Share of each ECS throttle bucket the functions may use; the rest is the account's. */
      share: z._default(z.number().check(z.gt(0), z.lte(1)), 0.5),
    }),
    {},
  ),
  restart: z.prefault(restartSectionSchema, {}),
  prune: z.prefault(pruneSectionSchema, {}),
  scale: z.prefault(scaleSectionSchema, {}),
});

export type PolicyConfig = z.infer<typeof policySchema>;
