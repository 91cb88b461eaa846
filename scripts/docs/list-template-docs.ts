import { requiredActionSources } from './iam-requirements.ts';
import {
  functionEntryOf,
  functionKeyOf,
  type PackagedTemplate,
  packagedStage,
} from './package-template.ts';
import { renderScaleCostSection, type ScaleCostSettings } from './scale-cost.ts';
import { renderAlarmsSection, renderIamSection } from './template-docs.ts';

/** The page of docs/ that holds each generated section. */
export const generatedSectionPages: Record<string, string> = {
  iam: 'docs/deploy.md',
  alarms: 'docs/audit-and-metrics.md',
  'scale-cost': 'docs/scale.md',
};

/** Every generated docs section, by marker name, rendered from the packaged template. */
export function listTemplateDocs(template: PackagedTemplate): Record<string, string> {
  const functionKeys = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([id]) => functionKeyOf(id));
  const actionSources = Object.fromEntries(
    functionKeys.map((key) => [key, requiredActionSources(functionEntryOf(key))]),
  );
  // The template is packaged for one stage; names that embed it are shown with `<stage>`.
  const stage = (text: string) =>
    text.replaceAll(`ecs-autopilot-${packagedStage}-`, 'ecs-autopilot-<stage>-');
  return {
    iam: stage(renderIamSection(template, actionSources)),
    alarms: stage(renderAlarmsSection(template)),
    'scale-cost': renderScaleCostSection(readScaleCostSettings(template)),
  };
}

/** The scale function's memory, timeout, architecture and schedule, as they deploy. */
function readScaleCostSettings(template: PackagedTemplate): ScaleCostSettings {
  const [id, fn] =
    Object.entries(template.Resources).find(
      ([logicalId, resource]) =>
        resource.Type === 'AWS::Lambda::Function' && functionKeyOf(logicalId) === 'scaleServices',
    ) ?? [];
  if (id === undefined || fn === undefined)
    throw new Error('no scaleServices function in the template');
  const schedules = Object.values(template.Resources).filter((resource) => {
    const targets = (resource.Properties.Targets ?? []) as { Arn?: { 'Fn::GetAtt'?: string[] } }[];
    return (
      resource.Type === 'AWS::Events::Rule' &&
      resource.Properties.ScheduleExpression !== undefined &&
      targets.some((target) => target.Arn?.['Fn::GetAtt']?.[0] === id)
    );
  });
  const perMinute = schedules.reduce((sum, rule) => {
    const match = /^rate\((\d+) minutes?\)$/.exec(String(rule.Properties.ScheduleExpression));
    if (match === null)
      throw new Error(`unexpected scale schedule ${rule.Properties.ScheduleExpression}`);
    return sum + 1 / Number(match[1]);
  }, 0);
  const architectures = (fn.Properties.Architectures ?? ['x86_64']) as string[];
  return {
    memoryMb: Number(fn.Properties.MemorySize),
    timeoutSeconds: Number(fn.Properties.Timeout),
    architecture: architectures[0] === 'arm64' ? 'arm64' : 'x86_64',
    invocationsPerMinute: perMinute,
  };
}
