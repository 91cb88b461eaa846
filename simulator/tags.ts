/**
 * ECS tag handling shared by every taggable resource: validation as ECS applies it, merging, and
 * conversion to the Tagging API's spelling.
 */
import { invalidParameter } from './errors.ts';
import { type Input, objectList } from './input.ts';
import type { Tag } from './state.ts';

/**
 * Reads `tags` from a request: at most 50, keys 1-128 characters, none starting with `aws:`.
 * @throws AwsError InvalidParameterException for an invalid tag.
 */
export function readTags(input: Input, field = 'tags'): Tag[] {
  const tags = objectList(input, field).map((tag) => ({
    key: String(tag.key ?? ''),
    value: String(tag.value ?? ''),
  }));
  if (tags.length > 50) throw invalidParameter('Too many tags: at most 50 are allowed.');
  for (const tag of tags) {
    if (tag.key.length < 1 || tag.key.length > 128) throw invalidParameter('Invalid tag key.');
    if (tag.key.toLowerCase().startsWith('aws:')) {
      throw invalidParameter('Tag keys starting with aws: are reserved.');
    }
  }
  return tags;
}

/** Tags with `incoming` overriding `existing` key by key. */
export function mergeTags(existing: Tag[], incoming: Tag[]): Tag[] {
  const merged = new Map(existing.map((tag) => [tag.key, tag.value]));
  for (const tag of incoming) merged.set(tag.key, tag.value);
  return [...merged].map(([key, value]) => ({ key, value }));
}

/** `{ a: 'b' }` to ECS tags. */
export function tagsFromRecord(record: Record<string, string> | undefined): Tag[] {
  return Object.entries(record ?? {}).map(([key, value]) => ({ key, value }));
}
