import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatedSectionPages, listTemplateDocs } from '../../scripts/docs/list-template-docs.ts';
import {
  functionKeyOf,
  type PackagedTemplate,
  packageTemplate,
  projectRoot,
  resourcesOfType,
} from '../../scripts/docs/package-template.ts';
import { readGeneratedSection } from '../../scripts/docs/template-docs.ts';
import { matchesEventPattern } from '../support/event-pattern.ts';
import { loadFixture } from '../support/fixtures.ts';

type Rule = { functionKey: string; pattern: Record<string, never> };

/** The fixtures each deployed event rule must deliver; every other fixture must match no rule. */
const expectedDeliveries: Record<string, string[]> = {
  restartTask: [
    'task-failed-to-start-cannot-pull-not-found-fargate.json',
    'task-failed-to-start-cannot-pull-timeout-fargate.json',
    'task-failed-to-start-missing-secret-fargate.json',
    'task-failed-to-start-no-task-arn-fargate.json',
    'task-failed-to-start-resource-initialization-fargate.json',
    'task-stopped-aws-batch-exit-1-ec2.json',
    'task-stopped-essential-exit-0-fargate.json',
    'task-stopped-essential-exit-0-sidecar-143-fargate.json',
    'task-stopped-essential-exit-1-fargate.json',
    'task-stopped-essential-exit-1-role-override-fargate.json',
    'task-stopped-essential-exit-127-fargate.json',
    'task-stopped-essential-exit-137-ec2.json',
    'task-stopped-old-arn-format-ec2.json',
    'task-stopped-scheduler-exit-1-fargate.json',
    'task-stopped-spot-interruption-fargate-spot.json',
    'task-stopped-step-functions-exit-1-fargate.json',
    'task-stopped-termination-notice-ec2.json',
    'task-stopping-spot-interruption-notice-fargate-spot.json',
  ],
  scaleServices: ['alarm-state-change-scale.json'],
};

function listPatternRules(template: PackagedTemplate): Rule[] {
  return resourcesOfType(template, 'AWS::Events::Rule')
    .filter(([, rule]) => rule.Properties.EventPattern !== undefined)
    .map(([, rule]) => {
      const [target] = rule.Properties.Targets as { Arn: { 'Fn::GetAtt': [string, string] } }[];
      const functionKey = functionKeyOf(target?.Arn['Fn::GetAtt'][0] ?? '');
      return { functionKey, pattern: rule.Properties.EventPattern as Record<string, never> };
    });
}

function deliveredTo(rules: Rule[], event: unknown): string[] {
  return rules.filter((rule) => matchesEventPattern(rule.pattern, event)).map((r) => r.functionKey);
}

describe('serverless.yml event rules and alarms', () => {
  let template: PackagedTemplate;
  let rules: Rule[];

  beforeAll(() => {
    template = packageTemplate();
    rules = listPatternRules(template);
  }, 60_000);

  it('delivers each fixture in events/ to exactly the functions that should see it', () => {
    // Prepare
    const fixtures = readdirSync(join(projectRoot, 'events')).filter((f) => f.endsWith('.json'));

    for (const fixture of fixtures) {
      // Act
      const delivered = deliveredTo(rules, loadFixture(fixture));

      // Assess
      const expected = Object.keys(expectedDeliveries).filter((key) =>
        expectedDeliveries[key]?.includes(fixture),
      );
      expect(delivered, fixture).toEqual(expected);
    }
  });

  it.each([
    ['a service task (the service scheduler replaces it)', 'group', 'service:web-api'],
    ['a task stopped on purpose', 'stopCode', 'UserInitiated'],
    ['a task still stopping', 'lastStatus', 'DEACTIVATING'],
  ])('never wakes the restart function for %s', (_name, field, value) => {
    const event = loadFixture<{ detail: Record<string, unknown> }>(
      'task-stopped-essential-exit-1-fargate.json',
    );
    event.detail[field] = value;

    expect(deliveredTo(rules, event)).toEqual([]);
  });

  it.each([
    ['a stop the user asked for', 'stopCode', 'UserInitiated'],
    ['a service task (its scheduler replaces it)', 'group', 'service:web-api'],
    ['a task ECS does not mean to stop', 'desiredStatus', 'RUNNING'],
    ['a task already deactivating (the STOPPED event follows)', 'lastStatus', 'DEACTIVATING'],
  ])('delivers no warning-shaped event for %s', (_name, field, value) => {
    const event = loadFixture<{ detail: Record<string, unknown> }>(
      'task-stopping-spot-interruption-notice-fargate-spot.json',
    );
    event.detail[field] = value;

    expect(deliveredTo(rules, event)).toEqual([]);
  });

  it('delivers a warning that says TerminationNotice, as older AWS documents show it', () => {
    const event = loadFixture<{ detail: Record<string, unknown> }>(
      'task-stopping-spot-interruption-notice-fargate-spot.json',
    );
    event.detail.stopCode = 'TerminationNotice';

    expect(deliveredTo(rules, event)).toEqual(['restartTask']);
  });

  it('still delivers a standalone task whose event carries no group', () => {
    const event = loadFixture<{ detail: Record<string, unknown> }>(
      'task-stopped-essential-exit-1-fargate.json',
    );
    delete event.detail.group;

    expect(deliveredTo(rules, event)).toEqual(['restartTask']);
  });

  it.each([
    ['another prefix', { alarmName: 'web-cpu-high' }],
    ['a return to OK', { state: { value: 'OK' } }],
  ])('ignores a CloudWatch alarm with %s', (_name, change) => {
    const event = loadFixture<{ detail: Record<string, unknown> }>('alarm-state-change-scale.json');
    Object.assign(event.detail, change);

    expect(deliveredTo(rules, event)).toEqual([]);
  });

  it('alarms on every function error and throttle, dead letters, abandoned restarts and prune failures', () => {
    // Prepare: what each alarm watches, as `namespace/metric/dimension value`.
    const watched = resourcesOfType(template, 'AWS::CloudWatch::Alarm').flatMap(([, alarm]) =>
      describeWatchedMetrics(alarm.Properties),
    );

    // Assess
    expect(watched.sort()).toEqual(
      [
        'AWS/Lambda/Errors/RestartTaskLambdaFunction',
        'AWS/Lambda/Errors/PruneTaskDefinitionsLambdaFunction',
        'AWS/Lambda/Errors/ScaleServicesLambdaFunction',
        'AWS/Lambda/Throttles/RestartTaskLambdaFunction',
        'AWS/Lambda/Throttles/PruneTaskDefinitionsLambdaFunction',
        'AWS/Lambda/Throttles/ScaleServicesLambdaFunction',
        'AWS/SQS/ApproximateNumberOfMessagesVisible/DeadLetterQueue',
        'ECSAutopilot/RestartsAbandoned/*',
        'ECSAutopilot/DeregisterFailures/prune-task-definitions',
        'ECSAutopilot/DeleteFailures/prune-task-definitions',
        'ECSAutopilot/PartialInventory/prune-task-definitions',
        'ECSAutopilot/GuardRefused/prune-task-definitions',
      ].sort(),
    );
  });

  it('alarms only on metrics the functions emit, in the namespace they emit to', () => {
    const [, restart] = resourcesOfType(template, 'AWS::Lambda::Function')[0] ?? [];
    const environment = restart?.Properties.Environment as { Variables: Record<string, string> };
    const custom = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
      .flatMap(([, alarm]) => describeWatchedMetrics(alarm.Properties))
      .filter((metric) => !metric.startsWith('AWS/'));
    const sources = ['shared/prune/report.ts', 'shared/restart/report.ts'].map((file) =>
      readFileSync(join(projectRoot, file), 'utf8'),
    );

    for (const metric of custom) {
      const [namespace, name] = metric.split('/');
      expect(namespace).toBe(environment.Variables.POWERTOOLS_METRICS_NAMESPACE);
      expect(
        sources.some((source) => source.includes(`'${name}'`)),
        name,
      ).toBe(true);
    }
  });

  it('documents exactly the IAM policies and alarms that deploy (npm run docs)', () => {
    for (const [name, content] of Object.entries(listTemplateDocs(template))) {
      const page = generatedSectionPages[name] ?? '';
      const text = readFileSync(join(projectRoot, page), 'utf8');
      expect(readGeneratedSection(text, name), `${page} section ${name}`).toBe(content);
    }
  });

  it('sends every alarm to the optional topic, and to nobody when none is given', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    expect(template.Conditions?.HasAlarmTopic).toEqual({ 'Fn::Not': [{ 'Fn::Equals': ['', ''] }] });
    for (const [id, alarm] of alarms) {
      const toTopic = { 'Fn::If': ['HasAlarmTopic', [''], { Ref: 'AWS::NoValue' }] };
      expect(alarm.Properties.AlarmActions, id).toEqual(toTopic);
      expect(alarm.Properties.OKActions, id).toEqual(toTopic);
      expect(alarm.Properties.TreatMissingData, id).toBe('notBreaching');
    }
  });
});

type MetricStat = {
  Metric: { Namespace: string; MetricName: string; Dimensions: { Value: unknown }[] };
};

/** `namespace/metric/what` for each metric an alarm reads; `*` for a Metrics Insights query. */
function describeWatchedMetrics(properties: Record<string, unknown>): string[] {
  const metrics = properties.Metrics as
    | { MetricStat?: MetricStat; Expression?: string }[]
    | undefined;
  if (metrics === undefined) {
    const { Namespace, MetricName, Dimensions } = properties as MetricStat['Metric'];
    return [`${Namespace}/${MetricName}/${dimensionTarget(Dimensions[0]?.Value)}`];
  }
  return metrics.flatMap(({ MetricStat: stat, Expression: expression }) => {
    const query = expression?.match(/^SELECT SUM\((\w+)\) FROM SCHEMA\("([^"]+)"/);
    if (query) return [`${query[2]}/${query[1]}/*`];
    if (!stat) return [];
    const { Namespace, MetricName, Dimensions } = stat.Metric;
    return [`${Namespace}/${MetricName}/${dimensionTarget(Dimensions[0]?.Value)}`];
  });
}

function dimensionTarget(value: unknown): string {
  if (typeof value === 'string') return value;
  const reference = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  return reference.Ref ?? reference['Fn::GetAtt']?.[0] ?? JSON.stringify(value);
}
