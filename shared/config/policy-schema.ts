import * as z from 'zod';
import { pruneSectionSchema } from './prune-section.ts';
import { restartSectionSchema } from './restart-section.ts';
import { scaleSectionSchema } from './scale-section.ts';

/**
 * The one policy document that configures all three functions. An empty document is valid and
 * safe: nothing is restarted or scaled unless selected, and pruning starts in dry-run.
 */
export const policySchema = z
  .object({
    version: z.literal(1).default(1),
    pacing: z
      .object({
        /** Share of each ECS throttle bucket the functions may use; the rest is the account's. */
        share: z.number().gt(0).lte(1).default(0.5),
      })
      .strict()
      .prefault({}),
    restart: restartSectionSchema.prefault({}),
    prune: pruneSectionSchema.prefault({}),
    scale: scaleSectionSchema.prefault({}),
  })
  .strict();

export type PolicyConfig = z.infer<typeof policySchema>;
