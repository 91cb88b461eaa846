import { type RestartMode, restartModeSchema } from '../config/restart-section.ts';
import * as z from '../config/zod.ts';

/**
 * Per-task overrides carried as ECS tags. Tag values are written by whoever can tag a task, so
 * each is parsed with a tight schema (length and charset) and a bad value is ignored with a
 * warning, never trusted.
 */

/** Tag keys ecs-autopilot reads and writes. */
export const RESTART_TAG_KEYS = {
  restart: 'ecs-autopilot:restart',
  securityGroups: 'ecs-autopilot:security-groups',
  assignPublicIp: 'ecs-autopilot:assign-public-ip',
  lineage: 'ecs-autopilot:lineage',
  attempt: 'ecs-autopilot:attempt',
} as const;

/** An ECS resource tag. */
export type Tag = { key: string; value: string };

/** `sg-…` ids separated by single spaces, at most 5 (the awsvpc limit). */
export const securityGroupsTagSchema = z.pipe(
  z
    .string()
    .check(
      z.maxLength(256),
      z.regex(
        /^sg-[0-9a-f]{8,17}( sg-[0-9a-f]{8,17}){0,4}$/,
        'expected up to 5 space-separated sg ids',
      ),
    ),
  z.transform((v) => v.split(' ')),
);

/** Whether the restarted task gets a public IP, beside the security-groups tag (Fargate only). */
export const assignPublicIpTagSchema = z.enum(['ENABLED', 'DISABLED']);

/** A task id (32 hex chars, or a 36-char UUID for old-format ARNs). */
export const lineageTagSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9-]{1,64}$/, 'expected a task id'));

/** A positive attempt number. */
export const attemptTagSchema = z.pipe(
  z.string().check(z.regex(/^[1-9]\d{0,3}$/, 'expected an attempt number 1-9999')),
  z.transform(Number),
);

/** What a task's tags say about restarting it. */
export type RestartTags = {
  mode?: RestartMode;
  securityGroups?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  lineage?: string;
  attempt?: number;
  /** One line per ignored tag: `<key>: <why>` (never the value, which may be hostile). */
  warnings: string[];
};

/**
 * Reads the ecs-autopilot tags of a task. Missing tags are absent from the result; invalid ones
 * are absent too and named in `warnings`, so a malformed tag can never opt a task in.
 */
export function parseRestartTags(tags: readonly Tag[]): RestartTags {
  const result: RestartTags = { warnings: [] };
  const read = <T>(key: string, schema: z.ZodMiniType<T, string>): T | undefined => {
    const tag = tags.find((t) => t.key === key);
    if (tag === undefined) return undefined;
    const parsed = schema.safeParse(tag.value);
    if (parsed.success) return parsed.data;
    result.warnings.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
    return undefined;
  };
  const mode = read(RESTART_TAG_KEYS.restart, restartModeSchema);
  const securityGroups = read(RESTART_TAG_KEYS.securityGroups, securityGroupsTagSchema);
  const assignPublicIp = read(RESTART_TAG_KEYS.assignPublicIp, assignPublicIpTagSchema);
  const lineage = read(RESTART_TAG_KEYS.lineage, lineageTagSchema);
  const attempt = read(RESTART_TAG_KEYS.attempt, attemptTagSchema);
  if (mode !== undefined) result.mode = mode;
  if (securityGroups !== undefined) result.securityGroups = securityGroups;
  if (assignPublicIp !== undefined) result.assignPublicIp = assignPublicIp;
  if (lineage !== undefined) result.lineage = lineage;
  if (attempt !== undefined) result.attempt = attempt;
  return result;
}
