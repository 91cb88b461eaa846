import type { ScaleGatherFailure } from '../../shared/scale/inventory.ts';
import type { MetricDetail, ScaleDecision } from '../../shared/scale/policy/scale-types.ts';
import { formatTable } from '../table.ts';

/** A scale plan as the CLI shows it: the tick's decisions and what the guard would say. */
export type ScalePlanView = {
  decisions: readonly ScaleDecision[];
  failures: readonly ScaleGatherFailure[];
  dryRun: boolean;
  maxServicesChangedPerRun: number;
  /** Scale-ins beyond `maxServicesChangedPerRun`: the function would hold these back. */
  heldBack: number;
  /** How many rules `scale.services` has (none: the scaler looks at no service at all). */
  rules: number;
};

/**
 * Renders a scale plan for a person: a headline with the counts, what the policy's dry run and
 * the change guard mean for this tick, one row per service (current and desired count, reason,
 * each metric against its target), then notes and the services that could not be described.
 *
 * @returns the lines to print on stdout.
 */
export function formatScalePlan(view: ScalePlanView): string[] {
  const { decisions } = view;
  const up = decisions.filter((d) => d.desiredCount > d.currentCount).length;
  const down = decisions.filter((d) => d.desiredCount < d.currentCount).length;
  const lines = [
    `Scale plan: ${decisions.length} service(s) selected: ${up} out, ${down} in, ${decisions.length - up - down} unchanged`,
    view.dryRun
      ? 'scale.dryRun is true: the deployed function only reports these counts.'
      : 'scale.dryRun is false: the next tick sets these desired counts, unless the stage sets DRY_RUN.',
  ];
  if (view.heldBack > 0) {
    lines.push(
      `Guard: ${down} scale-ins exceed scale.maxServicesChangedPerRun (${view.maxServicesChangedPerRun}): the function would hold back ${view.heldBack} of them until a later tick (scale-outs are never held back).`,
    );
  }
  if (decisions.length > 0) {
    const rows = decisions.map((d) => [
      `${d.clusterName}/${d.serviceName}`,
      String(d.currentCount),
      String(d.desiredCount),
      d.reason,
      d.metrics.map(describeMetric).join('; '),
    ]);
    const columns = [
      { header: 'service' },
      { header: 'current', align: 'right' as const },
      { header: 'desired', align: 'right' as const },
      { header: 'reason' },
      { header: 'metrics (value / target → tasks)' },
    ];
    lines.push('', ...formatTable(columns, rows));
  }
  const notes = decisions.flatMap((d) =>
    d.notes.map((note) => `  - ${d.clusterName}/${d.serviceName}: ${note}`),
  );
  if (notes.length > 0) lines.push('', 'Notes:', ...notes);
  if (view.failures.length > 0) {
    lines.push('', 'Not described (left untouched this tick):');
    lines.push(...view.failures.map((f) => `  - ${f.clusterName}/${f.service}: ${f.reason}`));
  }
  if (decisions.length === 0 && view.failures.length === 0) {
    lines.push(
      '',
      view.rules === 0
        ? 'scale.services has no rule: the scaler looks at no service.'
        : 'No service in this account matches scale.services.',
    );
  }
  return lines;
}

function describeMetric(metric: MetricDetail): string {
  if (metric.value === undefined)
    return `${metric.name} missing (${metric.missing ?? 'no-datapoint'})`;
  const value = Number.isInteger(metric.value) ? String(metric.value) : metric.value.toFixed(1);
  const proposal = metric.proposal === undefined ? (metric.missing ?? 'none') : metric.proposal;
  return `${metric.name} ${value} / ${metric.target} → ${proposal}`;
}
