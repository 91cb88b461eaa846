import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../../simulator/index.ts';
import { writePolicyFile } from '../../support/policy-file.ts';
import { runCliProcess, writeActions } from '../cli-process.ts';

type Decision = { family: string; revision: number; action: string; reason: string };

let sim: Simulator;
let policy: string;

/**
 * web: 8 revisions from 100 days to 1 day old (web:1-6 older than minAgeDays); web:2 runs as a
 * standalone task and web:3 is tagged to be retained. job: 3 revisions, all young.
 */
beforeAll(async () => {
  sim = await startSimulator({
    scenario: {
      clusters: ['prod'],
      taskDefinitions: [
        {
          family: 'web',
          revisions: 8,
          oldestAge: '100d',
          newestAge: '1d',
          overrides: [{ revisions: [3], tags: { 'ecs-autopilot:retain': 'ticket-7' } }],
        },
        { family: 'job', revisions: 3, oldestAge: '5d', newestAge: '1d' },
      ],
      tasks: [{ cluster: 'prod', taskDefinition: 'web:2', lastStatus: 'RUNNING' }],
      schedules: [{ name: 'nightly', group: 'reports', cluster: 'prod', taskDefinition: 'web:8' }],
      stateMachines: [
        {
          name: 'etl',
          definition: {
            StartAt: 'Run',
            States: {
              Run: {
                Type: 'Task',
                Resource: 'arn:aws:states:::ecs:runTask.sync',
                Parameters: { Cluster: 'prod', TaskDefinition: 'job:3' },
                End: true,
              },
            },
          },
        },
      ],
    },
  });
  policy = writePolicyFile({ prune: { dryRun: false, keepNewest: 2, minAgeDays: 14 } });
});

afterAll(() => sim.close());

describe('plan prune', () => {
  it('lists the revisions it would deregister, with reasons, and deregisters nothing', async () => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(['plan', 'prune', '--policy', policy], {
      endpoint: sim.endpoint,
    });

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Prune plan: deregister 4, delete 0 (changes-planned)');
    expect(lines[1]).toContain('prune.dryRun is false: the next run removes these');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^FAMILY\s+REVISIONS\s+COUNT\s+STATUS\s+ACTION\s+REASON$/),
        expect.stringMatching(/^job\s+1\s+1\s+ACTIVE\s+keep\s+too-young$/),
        expect.stringMatching(/^web\s+1\s+1\s+ACTIVE\s+deregister\s+stale$/),
        expect.stringMatching(/^web\s+2\s+1\s+ACTIVE\s+keep\s+in-use$/),
        expect.stringMatching(/^web\s+3\s+1\s+ACTIVE\s+keep\s+retained-tag$/),
        expect.stringMatching(/^web\s+4-6\s+3\s+ACTIVE\s+deregister\s+stale$/),
        expect.stringMatching(/^Totals: 2 families, 11 revisions: deregister 4, delete 0, keep 7/),
      ]),
    );
    expect(result.stderr).toContain('(read-only: nothing is changed)');
    expect(result.stderr).toMatch(/done: \d+ AWS call\(s\)/);
    expect(writeActions(sim.calls.all)).toEqual([]);
    expect(sim.calls.count({ action: 'ListTaskDefinitions' })).toBeGreaterThan(0);
  });

  it('prints the whole plan as JSON on stdout, one decision per revision', async () => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(['plan', 'prune', '--policy', policy, '--json'], {
      endpoint: sim.endpoint,
    });

    // Assess
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({
      command: 'plan prune',
      region: 'us-east-1',
      reason: 'changes-planned',
      dryRun: false,
      deregister: ['web:1', 'web:4', 'web:5', 'web:6'],
      delete: [],
    });
    const decisions: Decision[] = plan.decisions;
    expect(decisions).toHaveLength(11);
    expect(decisions.find((d) => d.family === 'web' && d.revision === 2)).toMatchObject({
      action: 'keep',
      reason: 'in-use',
    });
    expect(writeActions(sim.calls.all)).toEqual([]);
  });

  it('shows every source it read and how many references each gave', async () => {
    // Act
    const result = await runCliProcess(['plan', 'prune', '--policy', policy], {
      endpoint: sim.endpoint,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        'Sources scanned for revisions in use:',
        expect.stringMatching(/^SOURCE\s+READ\s+REFERENCES\s+STATUS$/),
        expect.stringMatching(/^ecs-tasks\s+1 running or pending task\s+1\s+read$/),
        expect.stringMatching(/^pending-restarts\s+0 stopped tasks\s+0\s+read$/),
        expect.stringMatching(/^eventbridge-rules\s+1 event bus\s+0\s+read$/),
        expect.stringMatching(/^scheduler-schedules\s+1 schedule\s+1\s+read$/),
        expect.stringMatching(/^step-functions\s+1 state machine definition\s+1\s+read$/),
        expect.stringMatching(/^retain-tags\s+1 tagged revision\s+1\s+read$/),
        expect.stringMatching(/^job\s+3\s+1\s+ACTIVE\s+keep\s+in-use$/),
      ]),
    );
  });

  it('exits 1 and prints the gap when a source cannot be read; --json carries it', async () => {
    // Prepare
    sim.calls.clear();
    sim.faults.add({
      target: 'scheduler:GetSchedule',
      kind: 'error',
      errorName: 'AccessDeniedException',
      status: 403,
    });

    // Act
    const text = await runCliProcess(['plan', 'prune', '--policy', policy], {
      endpoint: sim.endpoint,
    });
    const json = await runCliProcess(['plan', 'prune', '--policy', policy, '--json'], {
      endpoint: sim.endpoint,
    });
    sim.faults.clear();

    // Assess
    const gap =
      'scheduler-schedules: schedule reports/nightly: GetSchedule AccessDeniedException: Injected fault';
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`  - ${gap}`);
    expect(text.stdout.split('\n')[0]).toBe(
      'Prune plan: deregister 0, delete 0 (partial-inventory)',
    );
    expect(text.stderr).toContain(
      'inventory incomplete: 1 gap(s), so the function would remove nothing',
    );
    expect(json.code).toBe(1);
    const plan = JSON.parse(json.stdout);
    expect(plan).toMatchObject({ complete: false, gaps: [gap], deregister: [] });
    expect(plan.sources).toContainEqual({
      source: 'scheduler-schedules',
      scanned: 1,
      references: 0,
      gaps: 1,
    });
    expect(writeActions(sim.calls.all)).toEqual([]);
  });

  it('exits 1 naming the cause when AWS cannot be reached at all', async () => {
    // Act: nothing listens on port 9.
    const result = await runCliProcess(['plan', 'prune', '--policy', policy, '--json'], {
      endpoint: 'http://127.0.0.1:9',
    });

    // Assess
    expect(result.code).toBe(1);
    const plan = JSON.parse(result.stdout);
    expect(plan.reason).toBe('partial-inventory');
    expect(plan.gaps).toContainEqual(
      expect.stringMatching(/^ACTIVE task definitions: ListTaskDefinitions .*ECONNREFUSED/),
    );
  });

  it('stops before reading anything when no Region is configured', async () => {
    // Prepare
    sim.calls.clear();

    // Act
    const result = await runCliProcess(['plan', 'prune', '--policy', policy], {
      endpoint: sim.endpoint,
      env: { AWS_REGION: '' },
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no AWS Region: pass --region');
    expect(result.stdout).toBe('');
    expect(sim.calls.all).toEqual([]);
  });
});
