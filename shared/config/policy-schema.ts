import { documentKeysShape } from './document-keys.ts';
import { pruneSectionSchema } from './prune-section.ts';
import { restartSectionSchema } from './restart-section.ts';
import { scaleSectionSchema } from './scale-section.ts';
import * as z from './zod.ts';

/**
 * The one policy document that configures all three functions. An empty document is valid and
 * safe: nothing is restarted or scaled unless selected, and pruning starts in dry-run. The build
 * and the CLI validate the whole document; a function reads only its own section
 * (`function-policy.ts`).
 */
export const policySchema = z.strictObject({
  ...documentKeysShape,
  restart: z.prefault(restartSectionSchema, {}),
  prune: z.prefault(pruneSectionSchema, {}),
  scale: z.prefault(scaleSectionSchema, {}),
});

export type PolicyConfig = z.infer<typeof policySchema>;
