import type { Simulator } from '../../simulator/index.ts';
import { invokeBundle } from './invoke-bundle.ts';
import type { SimulatedTime } from './simulated-time.ts';
import { chapter, colours, detail, say } from './timeline.ts';

type RestartOutcome = {
  action: string;
  reason: string;
  attempt: number;
  delaySeconds?: number;
  newTaskArn?: string;
};
export const restartQueueName = 'ecs-autopilot-restarts';

const shortId = (arn: string | undefined) => (arn ?? '').split('/').pop()?.slice(0, 8) ?? '';

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

/** The job fails, is restarted with growing delays, keeps crashing, and the breaker stops it. */
export async function runRestartChapter(sim: Simulator, time: SimulatedTime): Promise<void> {
  chapter('Self-healing tasks');
  let task = [...sim.account.tasks.values()].find(
    (candidate) =>
      candidate.group === 'family:nightly-report' && candidate.lastStatus === 'RUNNING',
  );
  for (let round = 0; task && round < 6; round += 1) {
    sim.ecs.failTask(task.arn, {
      stopCode: 'EssentialContainerExited',
      exitCodes: { report: 1 },
      reason: 'Essential container in task exited',
    });
    say('ecs', `nightly-report task ${shortId(task.arn)} stopped: container "report" exited 1`);
    const [outcome] = await deliverStopEvents(sim);
    if (!outcome) return;
    say('restartTask', describe(outcome));
    if (outcome.action !== 'delayed') return;

    const dueAt = sim.sqs.nextDueAt(restartQueueName);
    if (dueAt !== undefined) time.advance(Math.max(0, dueAt - Date.now()));
    const batch = sim.sqs.receiveDue(restartQueueName);
    if (!batch) return;
    await invokeBundle('restart-task', batch);
    const started = [...sim.account.tasks.values()].find(
      (candidate) =>
        candidate.group === 'family:nightly-report' && candidate.lastStatus !== 'STOPPED',
    );
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
