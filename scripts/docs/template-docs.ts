/**
 * Renders the README's generated sections from the packaged CloudFormation template, so the IAM
 * policy and the alarms a user reads are the ones that deploy (a meta-test compares them).
 */
import { functionKeyOf } from './package-template.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Why each platform action is granted when no wrapper calls it. */
const platformReasons: Record<string, string> = {
  'logs:CreateLogStream': "Lambda writes the function's logs (its own log group only)",
  'logs:PutLogEvents': "Lambda writes the function's logs (its own log group only)",
  'sqs:ReceiveMessage': 'Lambda polls the restart delay queue (event source mapping)',
  'sqs:DeleteMessage': 'Lambda polls the restart delay queue (event source mapping)',
  'sqs:GetQueueAttributes': 'Lambda polls the restart delay queue (event source mapping)',
};

/**
 * One table per function: each statement of its role with its resources, conditions and the
 * wrapper functions whose documented needs it grants.
 *
 * @param actionSources per function key, action → wrapper functions that need it.
 */
export function renderIamSection(
  template: Template,
  actionSources: Record<string, Map<string, string[]>>,
): string {
  const parts: string[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const key = functionKeyOf(logicalId);
    const roleId = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const role = template.Resources[roleId];
    const statements = (
      (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]
    ).flatMap((policy) => policy.PolicyDocument.Statement);
    const sources = actionSources[key] ?? new Map<string, string[]>();
    parts.push(
      `### \`${key}\` (role \`${roleId}\`)`,
      '',
      '| Actions | Resource | Condition | Needed by |',
      '| --- | --- | --- | --- |',
      ...statements.map((statement) => renderStatement(statement, sources)),
      '',
    );
  }
  return parts.join('\n');
}

/** One row per alarm: what it watches, when it fires, and what it means. */
export function renderAlarmsSection(template: Template): string {
  const rows = Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
    .map(({ Properties: alarm }) => {
      const name = String(alarm.AlarmName);
      const period = Number(alarm.Period ?? firstPeriod(alarm));
      const evaluation = Number(alarm.EvaluationPeriods);
      const datapoints = Number(alarm.DatapointsToAlarm ?? evaluation);
      const fires = `≥ ${alarm.Threshold} in ${datapoints} of ${evaluation} × ${period / 60} min`;
      return `| \`${name}\` | ${describeWatched(alarm)} | ${fires} | ${alarm.AlarmDescription} |`;
    });
  return [
    '| Alarm | Watches | Fires when | Means |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGeneratedSection(document: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} … ${end} markers`);
  return `${document.slice(0, from + start.length)}\n${content}${document.slice(to)}`;
}

/** The text currently between a generated section's markers. */
export function readGeneratedSection(document: string, name: string): string {
  const start = `<!-- generated:${name} -->\n`;
  const from = document.indexOf(start);
  const to = document.indexOf(`<!-- /generated:${name} -->`);
  return from < 0 || to < from ? '' : document.slice(from + start.length, to);
}

function renderStatement(statement: Statement, sources: Map<string, string[]>): string {
  const actions = [statement.Action].flat();
  const neededBy = [
    ...new Set(
      actions.flatMap((action) =>
        sources.has(action)
          ? (sources.get(action) ?? []).map((name) => `\`${name}\``)
          : [platformReasons[action] ?? 'see serverless.yml'],
      ),
    ),
  ].join(', ');
  return [
    '',
    actions.map((action) => `\`${action}\``).join(', '),
    [statement.Resource].flat().map(renderValue).join('<br>'),
    statement.Condition === undefined ? '' : renderCondition(statement.Condition),
    neededBy,
    '',
  ]
    .join(' | ')
    .trim();
}

function renderCondition(condition: unknown): string {
  return Object.entries(condition as Record<string, Record<string, unknown>>)
    .flatMap(([operator, pairs]) =>
      Object.entries(pairs).map(
        ([key, value]) => `\`${operator}\` \`${key}\` = ${renderValue(value)}`,
      ),
    )
    .join('<br>');
}

/** CloudFormation intrinsics shown as a reader recognises them. */
function renderValue(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  const intrinsic = value as { 'Fn::Sub'?: string; 'Fn::GetAtt'?: [string, string]; Ref?: string };
  if (intrinsic['Fn::Sub'] !== undefined) return `\`${intrinsic['Fn::Sub']}\``;
  if (intrinsic['Fn::GetAtt'] !== undefined) return `\`${intrinsic['Fn::GetAtt'].join('.')}\``;
  if (intrinsic.Ref !== undefined) return `\`${intrinsic.Ref}\``;
  return `\`${JSON.stringify(value)}\``;
}

function describeWatched(alarm: Record<string, unknown>): string {
  const metrics = alarm.Metrics as
    | { Expression?: string; MetricStat?: { Metric: Metric } }[]
    | undefined;
  if (metrics === undefined) return renderMetric(alarm as Metric);
  return metrics
    .map((metric) =>
      metric.MetricStat ? renderMetric(metric.MetricStat.Metric) : `\`${metric.Expression}\``,
    )
    .join('<br>');
}

type Metric = { Namespace: string; MetricName: string; Dimensions?: { Value: unknown }[] };

function renderMetric(metric: Metric): string {
  const dimension = metric.Dimensions?.[0]?.Value;
  const of = dimension === undefined ? '' : ` of ${renderValue(dimension)}`;
  return `\`${metric.Namespace}\` \`${metric.MetricName}\`${of}`;
}

function firstPeriod(alarm: Record<string, unknown>): number {
  const metrics = alarm.Metrics as { Period?: number; MetricStat?: { Period: number } }[];
  const found = metrics.find((metric) => metric.Period ?? metric.MetricStat?.Period);
  return found?.Period ?? found?.MetricStat?.Period ?? 0;
}
