import type { RestartConfig } from '../../shared/config/restart-section.ts';
import type { RestartDecision } from '../../shared/restart/policy/restart-decision.ts';
import { RESTART_REASON_TEXT } from '../../shared/restart/reason-texts.ts';
import type { TaskStateChange } from '../../shared/restart/task-state-change.ts';
import type { RestartExplanation } from './restart-explanation.ts';

/**
 * Renders an explanation for a person: the event, the decision with its reason in a sentence,
 * what the function would send, and the facts that led there (lineage and attempt, rule, crash
 * loop history, network and capacity of the restart).
 *
 * @returns the lines to print on stdout, as `label  value` pairs.
 */
export function formatRestartExplanation(
  task: TaskStateChange,
  explanation: RestartExplanation,
  config: RestartConfig,
): string[] {
  const { decision, facts } = explanation;
  const rows: [string, string][] = [
    ['Task', task.taskArn],
    ['', `family ${task.family}, cluster ${task.clusterName}${describeOrigin(task)}`],
    ['Stop', describeStop(task)],
    ['', ''],
    ['Decision', `${decision.action} (${decision.reason})`],
    ['Why', RESTART_REASON_TEXT[decision.reason]],
    ['Would', describeEffect(explanation, config)],
    ['Lineage', `${decision.lineage}, attempt ${decision.attempt} (max ${config.maxAttempts})`],
  ];
  if ('mode' in decision && decision.mode !== undefined) rows.push(['Mode', decision.mode]);
  if ('matchedRule' in decision && decision.matchedRule !== undefined) {
    const { source, index } = decision.matchedRule;
    rows.push([
      'Rule',
      source === 'policy' ? `restart.classify[${index}]` : `default rule ${index}`,
    ]);
  }
  rows.push(['History', describeHistory(explanation, config)]);
  if (decision.action === 'restart') rows.push(...describeRestart(decision));
  const warnings = 'warnings' in decision ? decision.warnings : facts.restartTags.warnings;
  for (const warning of warnings) rows.push(['Warning', warning]);
  if (explanation.ifTaskFound !== undefined) {
    const other = explanation.ifTaskFound;
    rows.push(['If found', `${other.action} (${other.reason}), judged as an untagged task`]);
  }
  if (explanation.dryRun) {
    rows.push(['Dry run', 'restart.dryRun is true: the function would log this and send nothing.']);
  }
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [
    ...rows.map(([label, value]) => `${label.padEnd(width)}${value}`.trimEnd()),
    '',
    'Nothing was sent: explain only reads (DescribeTasks, DescribeTaskDefinition, ListTasks).',
  ];
}

function describeOrigin(task: TaskStateChange): string {
  const parts = [
    task.group === undefined ? '' : `, group ${task.group}`,
    task.startedBy === undefined ? '' : `, started by ${task.startedBy}`,
  ];
  return parts.join('');
}

function describeStop(task: TaskStateChange): string {
  const exits = task.containers.map((c) => `${c.name}=${c.exitCode ?? 'none'}`).join(' ');
  const code = task.stopCode ?? 'no stop code';
  return `${task.lastStatus}, ${code}: ${task.stoppedReason ?? '(no reason)'}; exit codes ${exits || 'none'}`;
}

function describeEffect(explanation: RestartExplanation, config: RestartConfig): string {
  const { decision } = explanation;
  switch (explanation.effect) {
    case 'nothing':
      return 'nothing: no RunTask, no queue message';
    case 'abandon':
      return `abandon lineage ${decision.lineage}: publish a Task Restart Abandoned audit event, no RunTask`;
    case 'run-task-now':
      return 'RunTask now (capacity loss: no backoff)';
    case 'delay-then-run-task': {
      const delay = decision.action === 'restart' ? decision.delaySeconds : 0;
      const jitter = Math.round(config.backoff.jitterRatio * 100);
      return `queue the restart on the delay queue, RunTask in about ${delay} s (±${jitter}% jitter)`;
    }
  }
}

function describeHistory(explanation: RestartExplanation, config: RestartConfig): string {
  const { facts } = explanation;
  if (!facts.historyRead) return 'not read: capacity losses never count toward the crash loop';
  const { maxFailures, windowSeconds, scope } = config.crashLoop;
  return `${facts.history.length} stopped restart(s) of this ${scope} known to ECS (crash loop: ${maxFailures} within ${windowSeconds} s)`;
}

function describeRestart(decision: Extract<RestartDecision, { action: 'restart' }>) {
  const rows: [string, string][] = [];
  const { capacity } = decision;
  const where =
    'capacityProviderStrategy' in capacity
      ? capacity.capacityProviderStrategy.map((i) => i.capacityProvider).join(', ')
      : (capacity.launchType ?? 'cluster default');
  rows.push(['Capacity', `${where} (${capacity.source})`]);
  if (decision.network !== undefined) {
    const { subnets, securityGroups } = decision.network;
    rows.push([
      'Network',
      `subnets ${subnets.join(' ')}, security groups ${securityGroups.join(' ')}`,
    ]);
  }
  return rows;
}
