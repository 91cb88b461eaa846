import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../scripts/docs/package-template.ts';
import { renderReasonsPage } from '../../../scripts/docs/reasons.ts';
import { PruneKeepReasons, PruneRemoveReasons } from '../../../shared/prune/policy/index.ts';
import { RESTART_REASONS } from '../../../shared/restart/policy/restart-decision.ts';
import { RESTART_STEP_REASONS } from '../../../shared/restart/types.ts';
import { ScaleReason } from '../../../shared/scale/policy/scale-types.ts';

describe('docs/reasons.md', () => {
  it('is what npm run docs renders from the reason texts (no drift)', () => {
    const page = readFileSync(join(projectRoot, 'docs', 'reasons.md'), 'utf8');
    expect(page).toBe(renderReasonsPage());
  });

  it('lists every reason the code can report', () => {
    const page = renderReasonsPage();
    const reasons = [
      ...Object.values(RESTART_REASONS),
      ...Object.values(RESTART_STEP_REASONS),
      ...Object.values(PruneKeepReasons),
      ...Object.values(PruneRemoveReasons),
      ...Object.values(ScaleReason),
    ];
    for (const reason of reasons) expect(page).toContain(`| \`${reason}\` |`);
  });
});
