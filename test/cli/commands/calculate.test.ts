import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesCases } from '../../shared/scale/policy/kubernetes-replica-cases.ts';
import { runCliProcess } from '../cli-process.ts';

const json = (value: unknown) => JSON.stringify(value);
const example = {
  currentCount: 4,
  target: { type: 'Utilization', value: 50 },
  resource: 'cpu',
  tolerance: 0.1,
  tasks: [
    { usage: 300, request: 1000, ready: true, startedSecondsAgo: 900 },
    { usage: null, request: 1000, ready: true, startedSecondsAgo: 900 },
    { usage: 800, request: 1000, ready: false, startedSecondsAgo: 20 },
  ],
  value: 1200,
};

describe('ecs-autopilot calculate', () => {
  describe("every expressible case of Kubernetes' replica_calculator_test.go", () => {
    it.concurrent.each(kubernetesCases)('$name', async ({ input, expected }) => {
      // Act
      const result = await runCliProcess(['calculate', '--json'], { stdin: json(input) });
      // Assess
      const answer = JSON.parse(result.stdout);
      if ('error' in expected) {
        expect(result.code).toBe(1);
        expect(answer).toMatchObject({ error: expected.error });
      } else {
        expect(result.code).toBe(0);
        expect(answer).toMatchObject(expected);
      }
    });
  });

  it('reads a FILE and prints exactly desiredCount, usage and reason with --json', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'calculate-')), 'input.json');
    writeFileSync(file, json(example));
    // Act
    const result = await runCliProcess(['calculate', file, '--json']);
    // Assess: 30 % from the one warm task; the silent one filled at 100 % reverses the scale-in.
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({
      desiredCount: 4,
      usage: 30,
      reason: 'rebalance-reversed',
    });
  });

  it('explains the answer for a person without --json, reading standard input with -', async () => {
    const result = await runCliProcess(['calculate', '-'], { stdin: json(example) });
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'desired count: 4 (from 4): rebalance-reversed',
        'tasks: 1 counted, 1 set aside (starting or not ready), 1 reported nothing',
      ]),
    );
  });

  it.each([
    {
      name: 'a missing target',
      input: { currentCount: 2, tasks: [] },
      field: 'target',
    },
    {
      name: 'an unknown target type',
      input: { ...example, target: { type: 'Percent', value: 50 } },
      field: 'target.type',
    },
    {
      name: 'a task without usage for a Utilization target',
      input: { ...example, tasks: [{ request: 1000, ready: true }] },
      field: 'tasks[0].usage',
    },
    {
      name: 'a Value target without value',
      input: { currentCount: 2, target: { type: 'Value', value: 10 } },
      field: 'value',
    },
    { name: 'a misspelt key', input: { ...example, tolerence: 0.2 }, field: 'tolerence' },
  ])('exits 2 and names the field for $name', async ({ input, field }) => {
    const result = await runCliProcess(['calculate', '--json'], { stdin: json(input) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(field);
  });

  it('exits 2 for input that is not JSON, and for a FILE it cannot read', async () => {
    const notJson = await runCliProcess(['calculate'], { stdin: '{ currentCount: 4' });
    const missing = await runCliProcess(['calculate', 'no-such-file.json']);
    expect(notJson).toMatchObject({ code: 2, stderr: expect.stringContaining('not JSON') });
    expect(missing).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no-such-file.json'),
    });
  });

  it('exits 1 and says why when the calculation cannot be made', async () => {
    // A Utilization target needs each task's request (Kubernetes: "missing request for").
    const input = { ...example, tasks: [{ usage: 200, ready: true, startedSecondsAgo: 900 }] };
    const result = await runCliProcess(['calculate'], { stdin: json(input) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot calculate (missing-request)');
  });

  it('makes no AWS call: it runs without credentials, Region or endpoint', async () => {
    const input = { currentCount: 0, target: { type: 'AverageValue', value: 10 }, value: 95 };
    const result = await runCliProcess(['calculate', '--json'], { stdin: json(input) });
    expect(JSON.parse(result.stdout)).toEqual({ desiredCount: 10, usage: 95, reason: 'scale-out' });
  });
});
