import { requiredActionSources } from './iam-requirements.ts';
import {
  functionEntryOf,
  functionKeyOf,
  type PackagedTemplate,
  packagedStage,
} from './package-template.ts';
import { renderAlarmsSection, renderIamSection } from './template-docs.ts';

/** The page of docs/ that holds each generated section. */
export const generatedSectionPages: Record<string, string> = {
  iam: 'docs/deploy.md',
  alarms: 'docs/audit-and-metrics.md',
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
  };
}
