/**
 * The schema library of shared/: zod's functional `zod/mini` API, with English messages. Every
 * schema module imports zod through this file (`import * as z from '../config/zod.ts'`):
 *
 * - `zod/mini` instead of classic `zod`: the same parser core, but plain functions
 *   (`z.optional(x)`, `x.check(z.minLength(1))`) instead of methods, so a Lambda bundle carries
 *   only what is used (about 40 KB less than classic zod) and schemas are cheaper to build when a
 *   function cold-starts;
 * - English messages: `zod/mini` loads no locale and reports every problem as "Invalid input",
 *   while the policy and event errors quote zod's English texts (`Too big: expected number to be
 *   <=1`). Loading the locale here, before any schema module runs, keeps them.
 */
import { en } from 'zod/locales';
import * as z from 'zod/mini';

// Imported by name: `z.locales.en()` would bundle all 60-odd locales (about 250 KB).
z.config(en());

export * from 'zod/mini';
