/**
 * The events the account produces (ECS task state changes), kept for the scenario driver.
 */
import type { EventBridgeEvent } from './ecs/task-events.ts';

export type EventStream = {
  /** Every event since the simulator started. */
  readonly all: EventBridgeEvent[];
  /** Events produced since the last drain, oldest first. */
  drain: () => EventBridgeEvent[];
  /** Calls `listener` for each new event; returns the unsubscribe function. */
  subscribe: (listener: (event: EventBridgeEvent) => void) => () => void;
  push: (event: EventBridgeEvent) => void;
};

/** Creates an empty stream. */
export function createEventStream(): EventStream {
  const all: EventBridgeEvent[] = [];
  let drained = 0;
  const listeners = new Set<(event: EventBridgeEvent) => void>();
  return {
    all,
    drain: () => {
      const fresh = all.slice(drained);
      drained = all.length;
      return fresh;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push: (event) => {
      all.push(event);
      for (const listener of listeners) listener(event);
    },
  };
}
