/**
 * Figures the reliability tests measure, attached to each test's `task.meta` so that the
 * reliability reporter (`../reliability-reporter.ts`) can aggregate them into RELIABILITY.md.
 * Recording a figure never changes a test's outcome; the assertions do that.
 */

/** The function a figure is about. */
export type FunctionName = 'restart-task' | 'prune-task-definitions' | 'scale-services';

/** What kind of breakage a figure measures. */
export type FigureCategory =
  | 'fault'
  | 'partial-failure'
  | 'delivery'
  | 'bad-input'
  | 'property'
  | 'secret-scan';

/** One measured outcome of one scenario, corpus entry or property. */
export type ReliabilityFigure = {
  function: FunctionName;
  category: FigureCategory;
  /** What was broken, in a few words. */
  scenario: string;
  /** Answers the simulator replaced by a fault (errors, throttles, latency, failures[]). */
  faultsInjected?: number;
  /** Invocations of the function (or fast-check runs for a property). */
  runs?: number;
  /** Actions (restarts, deregistrations or deletions, service count changes) the causes call for. */
  expectedActions?: number;
  /** Expected actions missing from the end state after the last run, and never reported. */
  lost?: number;
  /** Actions taken more than once for one cause (a second task, a second scaling). */
  duplicated?: number;
  /** Actions the end state shows that no cause called for (a revision in use deregistered). */
  wrong?: number;
  /**
   * Causes that went through a report path instead of being acted on at first: a failure
   * destination or dead-letter queue (redriven afterwards, as an operator would), or an audit
   * event saying the function gave up. Such a cause is not lost.
   */
  reported?: number;
  /**
   * Set when the scenario runs the function outside its deployed configuration (for example
   * overlapping runs that reserved concurrency 1 prevents), saying what differs. Such figures are
   * shown apart from the totals.
   */
  outsideDeployment?: string;
  /** Write calls (RunTask, Deregister, UpdateService, …) the simulator answered. */
  awsWrites?: number;
  /** Secret scan: log lines, audit events and queue messages looked at, and leaks found. */
  linesScanned?: number;
  messagesScanned?: number;
  leaks?: number;
};

declare module 'vitest' {
  interface TaskMeta {
    reliability?: ReliabilityFigure[];
  }
}

/** Attaches a figure to the running test (pass the test context's `task`). */
export function recordFigure(
  task: { meta: { reliability?: ReliabilityFigure[] } },
  figure: ReliabilityFigure,
): void {
  task.meta.reliability = [...(task.meta.reliability ?? []), figure];
}
