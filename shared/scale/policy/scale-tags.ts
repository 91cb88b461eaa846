import { type ScaleServiceRule, taskCountSchema } from '../../config/scale-section.ts';
import * as z from '../../config/zod.ts';

/** ECS service tags that override a matched scaling rule for that one service. */
export const SCALE_TAGS = {
  scale: 'ecs-autopilot:scale',
  min: 'ecs-autopilot:scale-min',
  max: 'ecs-autopilot:scale-max',
} as const;

// A tag value is operator-typed text: accept only plain digits, so '', ' ', '1e3', '0x10' and
// '-1' are rejected instead of being coerced into a surprising number by Number().
const tagTaskCount = z.pipe(
  z.pipe(
    z.string().check(z.regex(/^\s*\d{1,5}\s*$/, { message: 'expected a whole number of tasks' })),
    z.transform((text) => Number.parseInt(text, 10)),
  ),
  taskCountSchema.check(z.minimum(1)),
);

const tagSwitch = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text) => text.trim().toLowerCase()),
  ),
  z.enum(['on', 'off', 'true', 'false', 'enabled', 'disabled']),
);

/** The outcome of applying a service's tags to the rule that matched it. */
export type ScaleTagOverride =
  | { status: 'applied'; rule: ScaleServiceRule }
  | { status: 'opted-out' }
  | { status: 'invalid'; errors: string[] };

/**
 * Applies `ecs-autopilot:scale*` tags to a matched rule.
 *
 * Tags only narrow what the rule allows for one service: they can opt it out or change its
 * min / max, never opt in a service the policy does not select. Invalid tags make the service
 * `invalid` (left alone) rather than silently ignored, because ignoring a mistyped
 * `scale-max` would let the service grow past what its owner asked for.
 *
 * @returns `applied` with the overridden rule, `opted-out`, or `invalid` with every problem.
 * @throws never.
 */
export function applyScaleTags(
  rule: ScaleServiceRule,
  tags: Readonly<Record<string, string>>,
): ScaleTagOverride {
  const errors: string[] = [];
  const readCount = (key: string): number | undefined => {
    const raw = tags[key];
    if (raw === undefined) return undefined;
    const parsed = tagTaskCount.safeParse(raw);
    if (parsed.success) return parsed.data;
    errors.push(`${key}: ${JSON.stringify(raw.slice(0, 64))} is not a task count (1-5000)`);
    return undefined;
  };
  const rawSwitch = tags[SCALE_TAGS.scale];
  if (rawSwitch !== undefined) {
    const parsed = tagSwitch.safeParse(rawSwitch);
    if (!parsed.success) {
      errors.push(`${SCALE_TAGS.scale}: ${JSON.stringify(rawSwitch.slice(0, 64))} is not on/off`);
    } else if (['off', 'false', 'disabled'].includes(parsed.data)) {
      return { status: 'opted-out' };
    }
  }
  const min = readCount(SCALE_TAGS.min) ?? rule.min;
  const max = readCount(SCALE_TAGS.max) ?? rule.max;
  if (errors.length === 0 && min > max) {
    errors.push(`${SCALE_TAGS.min} (${min}) exceeds ${SCALE_TAGS.max} (${max})`);
  }
  if (errors.length > 0) return { status: 'invalid', errors };
  return { status: 'applied', rule: { ...rule, min, max } };
}
