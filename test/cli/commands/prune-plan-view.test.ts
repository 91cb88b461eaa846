import { describe, expect, it } from 'vitest';
import { formatPrunePlan, groupRevisionRuns } from '../../../cli/commands/prune-plan-view.ts';
import { pruneSectionSchema } from '../../../shared/config/prune-section.ts';
import type { PruneRevisionDecision } from '../../../shared/prune/policy/index.ts';
import { planPrune } from '../../../shared/prune/policy/index.ts';

const active = (
  revision: number,
  action: 'keep' | 'deregister',
  reason: PruneRevisionDecision['reason'],
): PruneRevisionDecision =>
  ({ family: 'web', revision, status: 'ACTIVE', action, reason }) as PruneRevisionDecision;

describe('groupRevisionRuns', () => {
  it('folds consecutive revisions with the same fate and reason into one run', () => {
    // Prepare
    const decisions = [
      active(1, 'deregister', 'stale'),
      active(2, 'deregister', 'stale'),
      active(4, 'deregister', 'stale'),
      active(5, 'keep', 'in-use'),
      active(6, 'deregister', 'stale'),
      { ...active(7, 'keep', 'newest-n'), family: 'worker' },
    ];

    // Act
    const runs = groupRevisionRuns(decisions);

    // Assess: revision 3 is gone already, so the first run spans 1-4 with 3 revisions.
    expect(runs).toEqual([
      {
        family: 'web',
        status: 'ACTIVE',
        action: 'deregister',
        reason: 'stale',
        first: 1,
        last: 4,
        count: 3,
      },
      {
        family: 'web',
        status: 'ACTIVE',
        action: 'keep',
        reason: 'in-use',
        first: 5,
        last: 5,
        count: 1,
      },
      {
        family: 'web',
        status: 'ACTIVE',
        action: 'deregister',
        reason: 'stale',
        first: 6,
        last: 6,
        count: 1,
      },
      {
        family: 'worker',
        status: 'ACTIVE',
        action: 'keep',
        reason: 'newest-n',
        first: 7,
        last: 7,
        count: 1,
      },
    ]);
  });
});

describe('formatPrunePlan', () => {
  it('says why nothing is removed when part of the inventory could not be read', () => {
    // Prepare
    const config = pruneSectionSchema.parse({ keepNewest: 1, minAgeDays: 0 });
    const plan = planPrune(
      {
        activeRevisions: new Map([['web', [1, 2, 3]]]),
        ageCuts: new Map([['web', 3]]),
        inUse: [],
        retained: [],
        complete: false,
        gaps: ['cluster prod: AccessDeniedException'],
      },
      config,
      Date.UTC(2026, 0, 1),
    );

    // Act
    const lines = formatPrunePlan(plan, { maxChangesPerRun: config.maxChangesPerRun });

    // Assess
    expect(lines[0]).toBe('Prune plan: deregister 0, delete 0 (partial-inventory)');
    expect(lines).toContain('  - cluster prod: AccessDeniedException');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^web\s+1-2\s+2\s+ACTIVE\s+keep\s+partial-inventory$/),
      ]),
    );
  });
});

describe('formatPrunePlan with task definitions computed at run time', () => {
  it('names each state machine, its state and what the run does about it', () => {
    // Prepare
    const config = pruneSectionSchema.parse({
      keepNewest: 1,
      minAgeDays: 0,
      dynamicReferences: [{ stateMachine: 'nightly', families: ['etl*'] }],
    });
    const plan = planPrune(
      {
        activeRevisions: new Map([['web', [1, 2, 3]]]),
        ageCuts: new Map([['web', 3]]),
        inUse: [],
        retained: [],
        complete: true,
        gaps: [],
        dynamicReferences: [
          {
            source: 'step-functions',
            name: 'nightly',
            version: '2',
            location: 'Run',
            expression: '$.job',
          },
          { source: 'step-functions', name: 'weekly', location: 'Fan/Run', expression: '{% $x %}' },
        ],
      },
      config,
      Date.UTC(2026, 0, 1),
    );

    // Act
    const lines = formatPrunePlan(plan, { maxChangesPerRun: config.maxChangesPerRun });

    // Assess
    expect(lines).toEqual(
      expect.arrayContaining([
        'Task definitions computed at run time:',
        '  - state machine nightly version 2, state "Run": $.job keeps every revision of etl*',
        '  - state machine weekly, state "Fan/Run": {% $x %} BLOCKS every removal until listed in prune.dynamicReferences',
      ]),
    );
    expect(lines[0]).toBe('Prune plan: deregister 0, delete 0 (partial-inventory)');
  });
});
