/**
 * The account's records of what runs tasks on a schedule or in a workflow: event buses, EventBridge
 * Scheduler schedule groups and schedules, and Step Functions state machines. Part of `Account`.
 */

/** An EventBridge event bus (the default bus always exists). */
export type EventBusRecord = { name: string; arn: string };

/** An EventBridge Scheduler schedule group (the `default` group always exists). */
export type ScheduleGroupRecord = { name: string; arn: string; createdAt: number };

/** An EventBridge Scheduler schedule and its target, as GetSchedule returns it. */
export type ScheduleRecord = {
  name: string;
  groupName: string;
  arn: string;
  state: 'ENABLED' | 'DISABLED';
  scheduleExpression: string;
  createdAt: number;
  target: {
    Arn: string;
    RoleArn: string;
    EcsParameters?: Record<string, unknown>;
    Input?: string;
  };
};

/** A Step Functions state machine, its current definition and its published versions. */
export type StateMachineRecord = {
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  /** Amazon States Language, as JSON text. */
  definition: string;
  createdAt: number;
  /** Version n is `versions[n - 1]`; versions are immutable. */
  versions: { definition: string; createdAt: number }[];
};
