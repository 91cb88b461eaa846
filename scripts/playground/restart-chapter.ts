import type { PolicyConfig } from '../../shared/config/policy-schema.ts';
import { RESTART_REASON_TEXT } from '../../shared/restart/reason-texts.ts';
import type { Simulator } from '../../simulator/index.ts';
import { restartQueueName } from './account.ts';
import { invokeBundle } from './invoke-bundle.ts';
import type { LineageStep, PlaygroundRecord } from './record.ts';
import type { SimulatedTime } from './simulated-time.ts';
import { chapter, colours, detail, policyInForce, say, simulatedElapsedMs } from './timeline.ts';

type RestartOutcome = {
  action: string;
  reason: string;
  attempt: number;
  delaySeconds?: number;
  newTaskArn?: string;
};

/** The family the story's batch job runs (the one the fixtures in events/ name). */
const family = 'report-job';
const shortId = (arn: string | undefined) => (arn ?? '').split('/').pop()?.slice(0, 8) ?? '';

function describeRestartPolicy(restart: PolicyConfig['restart']): string[] {
  const { backoff, crashLoop } = restart;
  const selects = restart.select.map((rule) => JSON.stringify(rule).replaceAll('"', ''));
  return [
    `restart.select: ${selects.join(', ') || 'none (tasks opt in by tag)'}`,
    `at most ${restart.maxAttempts} attempts per lineage; backoff ${backoff.initialSeconds} s × ${backoff.factor} per attempt, up to ${backoff.maxSeconds} s (±${backoff.jitterRatio * 100}%)`,
    `crash loop: ${crashLoop.maxFailures} restarted tasks of a ${crashLoop.scope} stopped within ${crashLoop.windowSeconds} s stops restarts`,
  ];
}

/** Delivers the STOPPED task events the simulator produced, as the EventBridge rule would. */
async function deliverStopEvents(sim: Simulator): Promise<RestartOutcome[]> {
  const outcomes: RestartOutcome[] = [];
  for (const event of sim.events.drain()) {
    const detailOf = event.detail as { lastStatus?: string; group?: string };
    if (detailOf.lastStatus !== 'STOPPED' || detailOf.group?.startsWith('service:')) continue;
    outcomes.push((await invokeBundle('restart-task', event)) as RestartOutcome);
  }
  return outcomes;
}

function describe(outcome: RestartOutcome): string {
  switch (outcome.action) {
    case 'delayed':
      return `restart attempt ${outcome.attempt} in ${outcome.delaySeconds} s via the delay queue (${outcome.reason})`;
    case 'restarted':
      return colours.green(
        `started task ${shortId(outcome.newTaskArn)}, attempt ${outcome.attempt} (${outcome.reason})`,
      );
    case 'abandoned':
      return colours.red(
        `gave up at attempt ${outcome.attempt}: ${outcome.reason}; "Task Restart Abandoned" published`,
      );
    default:
      return `${outcome.action}: ${outcome.reason}`;
  }
}

const liveTask = (sim: Simulator, status: (value: string) => boolean) =>
  [...sim.account.tasks.values()].find(
    (candidate) => candidate.group === `family:${family}` && status(candidate.lastStatus),
  );

/** The job fails, is restarted with growing delays, keeps crashing, and the budget stops it. */
export async function runRestartChapter(
  sim: Simulator,
  time: SimulatedTime,
  context: { policy: PolicyConfig; record: PlaygroundRecord },
): Promise<void> {
  chapter('Self-healing tasks');
  policyInForce(describeRestartPolicy(context.policy.restart));
  const steps: LineageStep[] = [];
  context.record.lineages.push({ family, steps });
  const explained = new Set<string>();
  let task = liveTask(sim, (status) => status === 'RUNNING');
  for (let round = 0; task && round < 6; round += 1) {
    sim.ecs.failTask(task.arn, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { app: 1 },
      reason: 'Essential container in task exited',
    });
    say('ecs', `${family} task ${shortId(task.arn)} stopped: container "app" exited 1`);
    const [outcome] = await deliverStopEvents(sim);
    if (!outcome) return;
    steps.push({ atMs: simulatedElapsedMs(), kind: 'stopped', attempt: outcome.attempt });
    say('restartTask', describe(outcome));
    if (!explained.has(outcome.reason)) {
      explained.add(outcome.reason);
      const why = RESTART_REASON_TEXT[outcome.reason as keyof typeof RESTART_REASON_TEXT];
      if (why !== undefined) detail(`why: ${why}`);
    }
    if (outcome.action !== 'delayed') {
      steps.push({
        atMs: simulatedElapsedMs(),
        kind: 'abandoned',
        attempt: outcome.attempt,
        reason: outcome.reason,
      });
      return;
    }
    steps.push({
      atMs: simulatedElapsedMs(),
      kind: 'queued',
      attempt: outcome.attempt,
      delaySeconds: outcome.delaySeconds ?? 0,
      reason: outcome.reason,
    });

    const dueAt = sim.sqs.nextDueAt(restartQueueName);
    if (dueAt !== undefined) time.advance(Math.max(0, dueAt - Date.now()));
    const batch = sim.sqs.receiveDue(restartQueueName);
    if (!batch) return;
    await invokeBundle('restart-task', batch);
    const started = liveTask(sim, (status) => status !== 'STOPPED');
    steps.push({ atMs: simulatedElapsedMs(), kind: 'started', attempt: outcome.attempt });
    say(
      'restartTask',
      describe({
        action: 'restarted',
        reason: 'delay elapsed',
        attempt: outcome.attempt,
        newTaskArn: started?.arn,
      }),
    );
    sim.ecs.startTasks();
    time.advance(20_000);
    task = started;
  }
  detail(
    'the restarted tasks carry ecs-autopilot:lineage and ecs-autopilot:attempt tags; no state is kept elsewhere',
  );
}
