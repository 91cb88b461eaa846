import { describe, expect, it } from 'vitest';
import { parseRestartInvocation } from '../../../shared/restart/invocation.ts';
import { InvalidEventError } from '../../../shared/runtime/errors.ts';
import { loadFixture } from '../../support/fixtures.ts';

const record = (messageId: string, body: string) => ({ messageId, body, eventSource: 'aws:sqs' });

describe('parseRestartInvocation', () => {
  it('recognises an ECS Task State Change event', () => {
    // Act
    const invocation = parseRestartInvocation(
      loadFixture('task-stopped-essential-exit-1-fargate.json'),
    );
    // Assess
    expect(invocation).toMatchObject({ kind: 'task-state-change', task: { family: 'report-job' } });
  });

  it('keeps every SQS record, marking bad bodies without echoing their values', () => {
    // Act
    const invocation = parseRestartInvocation({
      Records: [record('a', 'not json'), record('b', '{"kind":"hunter2"}')],
    });
    // Assess
    expect(invocation).toMatchObject({
      kind: 'delayed-restarts',
      records: [
        { messageId: 'a', valid: false, issues: ['(body): not JSON'] },
        { messageId: 'b', valid: false, body: '{"kind":"hunter2"}' },
      ],
    });
    const issues = invocation.kind === 'delayed-restarts' ? invocation.records[1] : undefined;
    expect(JSON.stringify(issues && !issues.valid ? issues.issues : [])).not.toContain('hunter2');
  });

  it.each([
    ['another event type', { 'detail-type': 'Scheduled Event', detail: {} }],
    ['an SQS batch without records', { Records: [] }],
    ['something else', 'hello'],
    ['a malformed task state change', { 'detail-type': 'ECS Task State Change', detail: {} }],
  ])('refuses %s with InvalidEventError', (_label, raw) => {
    expect(() => parseRestartInvocation(raw)).toThrow(InvalidEventError);
  });
});
