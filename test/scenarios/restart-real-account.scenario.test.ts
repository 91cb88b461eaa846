/**
 * The restart function against what a real account holds beyond the common case: finished jobs
 * with sidecars, tasks another orchestrator owns, RunTask refusals retrying cannot fix, public
 * IPs, and a delay queue only the function may write to. Each case runs the built bundle on the
 * simulator.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  auditTypes,
  deliverDue,
  invoke,
  newTasks,
  openRestartAccount,
  type RestartAccount,
  runJob,
  stopJob,
} from './support/restart-account.ts';

/** A job with an essential FireLens log router, as the FireLens examples declare it. */
const EXPORT_JOB = {
  family: 'export-job',
  networkMode: 'awsvpc' as const,
  containers: [
    { name: 'app', image: 'example/export-job', essential: true },
    {
      name: 'log_router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: true,
      firelensConfiguration: { type: 'fluentbit' },
    },
  ],
};

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
