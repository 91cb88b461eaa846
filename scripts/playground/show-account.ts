import type { Simulator } from '../../simulator/index.ts';
import { chapter, detail, say } from './timeline.ts';

/** Prints what the simulated account holds, so the story that follows has a before. */
export function showAccount(sim: Simulator, title = 'The account'): void {
  chapter(title);
  const byFamily = new Map<string, Record<string, number>>();
  for (const definition of sim.account.taskDefinitions.values()) {
    const counts = byFamily.get(definition.family) ?? {};
    counts[definition.status] = (counts[definition.status] ?? 0) + 1;
    byFamily.set(definition.family, counts);
  }
  for (const [family, counts] of [...byFamily].sort()) {
    const text = Object.entries(counts)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    say('task definitions', `${family}: ${text}`);
  }
  for (const service of sim.account.services.values()) {
    const running = [...sim.account.tasks.values()].filter(
      (task) => task.group === `service:${service.name}` && task.lastStatus === 'RUNNING',
    ).length;
    say('service', `${service.name}: desired ${service.desiredCount}, running ${running}`);
  }
  const standalone = [...sim.account.tasks.values()].filter(
    (task) => !task.group.startsWith('service:') && task.lastStatus !== 'STOPPED',
  );
  for (const task of standalone) {
    say(
      'standalone task',
      `${task.taskDefinitionArn.split('/').pop()} ${task.id.slice(0, 8)} ${task.lastStatus}`,
    );
  }
  detail(`${sim.account.rules.size} scheduled rule(s), ${sim.account.queues.size} queue(s)`);
}
