import { describe, expect, it } from 'vitest';
import { classifyStop, isCleanFinish } from '../../../../shared/restart/policy/classify-stop.ts';
import type { ContainerState } from '../../../../shared/restart/task-state-change.ts';
import { loadTask, makeConfig } from './restart-fixtures.ts';

const SIDECAR = 'task-stopped-essential-exit-0-sidecar-143-fargate';
const BOTH_ESSENTIAL = { essentialContainerNames: ['app', 'log_router'] };
const ROUTER_IS_SIDECAR = { ...BOTH_ESSENTIAL, sidecarContainerNames: ['log_router'] };
const app = (exitCode?: number, reason?: string): ContainerState => ({
  name: 'app',
  ...(exitCode !== undefined ? { exitCode } : {}),
  ...(reason !== undefined ? { reason } : {}),
});
const router = (exitCode?: number, reason?: string): ContainerState => ({
  ...app(exitCode, reason),
  name: 'log_router',
});

describe('isCleanFinish', () => {
  it.each([
    ['the workload exits 0, ECS stops the log router (SIGTERM)', [app(0), router(143)], true],
    [
      'the workload exits 0, the log router outlives stopTimeout (SIGKILL)',
      [app(0), router(137)],
      true,
    ],
    ['the workload exits 0, the log router reports no exit code', [app(0), router()], true],
    ['both exit 0', [app(0), router(0)], true],
    ['the log router fails with 1 first', [app(0), router(1)], false],
    [
      'the log router was OOM-killed (137 with a reason of its own)',
      [app(0), router(137, 'OutOfMemoryError: Container killed due to memory usage')],
      false,
    ],
    ['the log router exits 0 on its own and the job is killed', [app(143), router(0)], false],
    ['the job fails with 1', [app(1), router(143)], false],
    ['nothing exited 0', [app(143), router(143)], false],
  ])('%s: %s', (_name, containers, clean) => {
    // Prepare
    const task = { ...loadTask(SIDECAR), containers };
    // Act / Assess
    expect(isCleanFinish(task, ROUTER_IS_SIDECAR)).toBe(clean);
  });

  it('takes any essential container that exited 0 as the workload when no sidecar is marked', () => {
    const task = { ...loadTask(SIDECAR), containers: [app(143), router(0)] };
    expect(isCleanFinish(task, BOTH_ESSENTIAL)).toBe(true);
  });

  it.each([
    ['TaskFailedToStart', 'TaskFailedToStart'],
    ['SpotInterruption', 'SpotInterruption'],
  ])('never counts a %s stop as a finish, whatever the exit codes', (_name, stopCode) => {
    const task = { ...loadTask(SIDECAR), stopCode, containers: [app(0), router(143)] };
    expect(isCleanFinish(task, ROUTER_IS_SIDECAR)).toBe(false);
  });

  it('keeps the strict rule (every essential container 0) for old events without a stop code', () => {
    const { stopCode: _none, ...task } = {
      ...loadTask(SIDECAR),
      containers: [app(0), router(143)],
    };
    expect(isCleanFinish(task, ROUTER_IS_SIDECAR)).toBe(false);
    expect(isCleanFinish({ ...task, containers: [app(0), router(0)] }, ROUTER_IS_SIDECAR)).toBe(
      true,
    );
  });
});

describe('classifyStop', () => {
  it('classifies the sidecar fixture as a clean exit, not as a 143 to retry', () => {
    expect(classifyStop(loadTask(SIDECAR), ROUTER_IS_SIDECAR, makeConfig())).toEqual({
      kind: 'clean-exit',
    });
  });

  it('matches exit-code rules on the essential containers of a failed task', () => {
    // Prepare: a rule that gives up on 143, and a job that failed with 1 (the router got 143).
    const task = { ...loadTask(SIDECAR), containers: [app(1), router(143)] };
    const config = makeConfig({ classify: [{ exitCodes: [143], action: 'give-up' }] });
    // Act / Assess: any essential container's code matches, as before.
    expect(classifyStop(task, ROUTER_IS_SIDECAR, config)).toEqual({
      kind: 'failure',
      action: 'give-up',
      matchedRule: { source: 'policy', index: 0 },
    });
  });
});
