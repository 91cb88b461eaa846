/**
 * The restart function, through the built bundle on the simulator, with the tasks a real account
 * holds beyond the common case: finished jobs whose sidecars ECS stopped, and tasks another
 * orchestrator (AWS Batch, Step Functions, EventBridge Scheduler or rules) started.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  auditTypes,
  BASE_POLICY,
  BATCH_CLUSTER,
  deliverDue,
  EXPORT_JOB,
  invoke,
  JOB,
  newTasks,
  openRestartAccount,
  type RestartAccount,
  runJob,
  SG,
  stopJob,
} from './support/restart-account.ts';

let account: RestartAccount;

afterEach(async () => {
  await account.close();
});

describe('restart scenario: a finished job with a sidecar', () => {
  it('leaves a job alone whose workload exited 0 and whose log router ECS stopped (143)', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [EXPORT_JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'export-job' });
    const before = new Set(account.sim.account.tasks.keys());
    // Act: the job finishes; ECS stops the log router with SIGTERM.
    const [event] = stopJob(account, job, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { app: 0 },
    });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'skipped', reason: 'exited-cleanly' });
    expect(newTasks(account, before)).toEqual([]);
    expect(auditTypes(account)).toEqual([]);
  });

  it('counts the skip once, and logs no "No application metrics to publish" warning', async () => {
    // Prepare: warnings and metrics on, the process output captured.
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [EXPORT_JOB] },
      env: { POWERTOOLS_LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'false' },
    });
    const job = await runJob(account, { taskDefinition: 'export-job' });
    const [event] = stopJob(account, job, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { app: 0 },
    });
    const lines: string[] = [];
    const capture = (chunk: string | Uint8Array) => lines.push(String(chunk)) > 0;
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    // Act
    try {
      await invoke(account.handler, event);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // Assess
    const output = lines.join('');
    expect(output).not.toContain('No application metrics to publish');
    expect(output.match(/"RestartsSkipped":1/g)).toHaveLength(1);
    expect(output).toContain('"reason":"exited-cleanly"');
  });

  it('still restarts the job when the log router failed first and ECS stopped the workload', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [EXPORT_JOB] },
    });
    const job = await runJob(account, { taskDefinition: 'export-job' });
    const before = new Set(account.sim.account.tasks.keys());
    // Act: the log router exits 0 on its own; ECS stops the job mid-work (143).
    const [event] = stopJob(account, job, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { log_router: 0 },
    });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action: 'delayed', reason: 'retry-default' });
    expect(newTasks(account, before)).toHaveLength(1);
  });
});

describe('restart scenario: tasks another orchestrator started', () => {
  it.each([
    ['AWS Step Functions', 'step-functions', 'batch', 'skipped', 'orchestrator-owned', 0],
    ['AWS Batch', 'aws-batch', BATCH_CLUSTER, 'skipped', 'orchestrator-owned', 0],
    ['EventBridge Scheduler', 'eventbridge-scheduler', 'batch', 'delayed', 'retry-default', 1],
    ['an EventBridge rule', 'eventbridge-rule', 'batch', 'delayed', 'retry-default', 1],
  ] as const)('decides a failed task %s started: %s', async (_name, orchestrator, cluster, action, reason, restarts) => {
    // Prepare: every cluster selected, without includeOrchestrated.
    account = await openRestartAccount({
      scenario: { clusters: ['batch', BATCH_CLUSTER], taskDefinitions: [JOB] },
      policy: {
        ...BASE_POLICY,
        select: [{ cluster: '*', mode: 'on-failure' }],
        network: [{ cluster: '*', securityGroups: [SG], assignPublicIp: 'DISABLED' }],
      },
    });
    const job = await runJob(account, { taskDefinition: 'job', cluster }, orchestrator);
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    const answer = await invoke(account.handler, event);
    await deliverDue(account);
    // Assess
    expect(answer).toMatchObject({ action, reason });
    expect(newTasks(account, before)).toHaveLength(restarts);
  });

  it('restarts a Step Functions task a rule opts in with includeOrchestrated', async () => {
    // Prepare
    account = await openRestartAccount({
      scenario: { clusters: ['batch'], taskDefinitions: [JOB] },
      policy: {
        ...BASE_POLICY,
        select: [
          { cluster: 'batch', family: 'job', mode: 'on-failure', includeOrchestrated: true },
        ],
      },
    });
    const job = await runJob(account, { taskDefinition: 'job' }, 'step-functions');
    const before = new Set(account.sim.account.tasks.keys());
    // Act
    const [event] = stopJob(account, job, { stopCode: 'EssentialContainerExited', exitCodes: 1 });
    await invoke(account.handler, event);
    await deliverDue(account);
    // Assess: one restart, started by ecs-autopilot.
    expect(newTasks(account, before).map((t) => t.startedBy)).toEqual(['ecs-autopilot']);
  });
});
