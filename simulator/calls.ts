/**
 * The request log: every call the simulator answered, for assertions and benchmark figures.
 */

export type CallRecord = {
  service: string;
  action: string;
  ok: boolean;
  /** The exception name when the call failed. */
  error?: string;
  status: number;
  /** Simulator time of the call (epoch ms). */
  at: number;
};

export type CallFilter = { service?: string; action?: string; error?: string };

export type CallLog = {
  readonly all: CallRecord[];
  record: (call: CallRecord) => void;
  /** Number of calls matching every given field. */
  count: (filter?: CallFilter) => number;
  /** Calls per `Action` (or `service:Action` with `qualified`). */
  byAction: (qualified?: boolean) => Record<string, number>;
  /** Number of ThrottlingException answers. */
  throttled: () => number;
  clear: () => void;
};

/** Creates an empty call log. */
export function createCallLog(): CallLog {
  const all: CallRecord[] = [];
  const count = (filter: CallFilter = {}) =>
    all.filter(
      (call) =>
        (filter.service === undefined || call.service === filter.service) &&
        (filter.action === undefined || call.action === filter.action) &&
        (filter.error === undefined || call.error === filter.error),
    ).length;
  return {
    all,
    record: (call) => {
      all.push(call);
    },
    count,
    byAction: (qualified = false) => {
      const totals: Record<string, number> = {};
      for (const call of all) {
        const key = qualified ? `${call.service}:${call.action}` : call.action;
        totals[key] = (totals[key] ?? 0) + 1;
      }
      return totals;
    },
    throttled: () => count({ error: 'ThrottlingException' }),
    clear: () => {
      all.length = 0;
    },
  };
}
