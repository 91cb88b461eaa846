import type { Tag } from '@aws-sdk/client-ecs';

/** ECS tag lists as a plain record (keys without a value map to ''). */
export function tagsToRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries(
    (tags ?? []).flatMap((tag) => (tag.key ? [[tag.key, tag.value ?? '']] : [])),
  );
}

/** A plain record as an ECS tag list. */
export function recordToTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
