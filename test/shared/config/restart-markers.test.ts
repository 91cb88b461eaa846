import { describe, expect, it } from 'vitest';
import { RESTART_MARKERS, restartWindowMs } from '../../../shared/config/restart-markers.ts';
import { restartSectionSchema } from '../../../shared/config/restart-section.ts';
import { STARTED_BY } from '../../../shared/restart/policy/build-run-task-input.ts';
import { RESTART_TAG_KEYS } from '../../../shared/restart/restart-tags.ts';

describe('RESTART_MARKERS', () => {
  it('names what the restart job writes on the tasks it starts', () => {
    // Prune reads these; if the restart job renames a tag, prune would stop seeing restarts.
    expect(RESTART_MARKERS.startedBy).toBe(STARTED_BY);
    expect(RESTART_MARKERS.modeTag).toBe(RESTART_TAG_KEYS.restart);
    expect(RESTART_MARKERS.lineageTags).toEqual([
      RESTART_TAG_KEYS.lineage,
      RESTART_TAG_KEYS.attempt,
    ]);
  });
});

describe('restartWindowMs', () => {
  it.each([
    ['the defaults: 6 waits of 300 s and 15 minutes of redelivery', {}, 45 * 60_000],
    ['no retries', { runTaskRetry: { maxRetries: 0 } }, (300 + 900) * 1000],
    [
      'a backoff above the SQS delay cap, which caps each wait',
      { backoff: { maxSeconds: 900 }, runTaskRetry: { maxRetries: 20 } },
      (21 * 900 + 900) * 1000,
    ],
  ])('covers %s', (_name, section, expected) => {
    expect(restartWindowMs(restartSectionSchema.parse(section))).toBe(expected);
  });
});
