import type { RestartMode } from '../../config/restart-section.ts';
import type { AwsVpcConfiguration, CapacityProviderStrategyItem } from '../run-task-input.ts';

/** Every reason a restart decision can carry (stable, kebab-case; used in logs, metrics, audit). */
export const RESTART_REASONS = {
  notStopped: 'not-stopped',
  serviceTask: 'service-task',
  deliberateStop: 'deliberate-stop',
  notSelected: 'not-selected',
  orchestratorOwned: 'orchestrator-owned',
  optedOut: 'opted-out',
  exitedCleanly: 'exited-cleanly',
  giveUpRule: 'give-up-rule',
  volumeConfiguredAtLaunch: 'volume-configured-at-launch',
  roleNotPassable: 'role-not-passable',
  maxAttemptsReached: 'max-attempts-reached',
  crashLoop: 'crash-loop',
  networkUnknown: 'network-unknown',
  spotInterruption: 'spot-interruption',
  interruptionWarning: 'interruption-warning',
  waitsForStop: 'waits-for-stop',
  terminationNotice: 'termination-notice',
  alwaysRestart: 'always-restart',
  retryRule: 'retry-rule',
  retryDefault: 'retry-default',
} as const;

/** A restart decision reason. */
export type RestartReason = (typeof RESTART_REASONS)[keyof typeof RESTART_REASONS];

/** Where the new task runs: the original provider, a Spot fallback, or a launch type. */
export type RestartCapacity =
  | {
      capacityProviderStrategy: CapacityProviderStrategyItem[];
      source: 'original' | 'spot-fallback';
    }
  | { launchType?: string; source: 'original' };

/** Which classification rule decided, for the audit trail. */
export type MatchedRule = { source: 'policy' | 'default'; index: number };

type DecisionBase = {
  reason: RestartReason;
  /** Task id of the first task of the lineage (this task's own id when it is the first). */
  lineage: string;
  /** restart: the new task's attempt number; skip/abandon: the stopped task's attempt (0 = original). */
  attempt: number;
  mode?: RestartMode;
  matchedRule?: MatchedRule;
  /** Ignored tags and similar, one line each, safe to log. */
  warnings: string[];
};

/**
 * What to do about one stopped task. `restart`: run it again after `delaySeconds` (0 → RunTask now,
 * otherwise via the delay queue); `skip`: nothing to do; `abandon`: stop restarting this lineage and
 * publish a `Task Restart Abandoned` audit event.
 */
export type RestartDecision =
  | (DecisionBase & {
      action: 'restart';
      delaySeconds: number;
      capacity: RestartCapacity;
      network?: AwsVpcConfiguration;
    })
  | (DecisionBase & { action: 'skip' | 'abandon' });
