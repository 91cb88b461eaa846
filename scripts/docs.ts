/**
 * Regenerates the docs' generated sections (IAM policy per function, alarms) from the
 * packaged template, docs/reasons.md from the reason texts and the configuration reference from
 * the policy schema: `npm run docs`. Meta-tests fail when they drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions } from './build.ts';
import { renderConfigReference } from './docs/config-reference.ts';
import { generatedSectionPages, listTemplateDocs } from './docs/list-template-docs.ts';
import { packageTemplate, projectRoot } from './docs/package-template.ts';
import { renderReasonsPage } from './docs/reasons.ts';
import { replaceGeneratedSection } from './docs/template-docs.ts';

await buildFunctions({ quiet: true });
for (const [name, content] of Object.entries(listTemplateDocs(packageTemplate()))) {
  const page = join(projectRoot, generatedSectionPages[name] ?? 'README.md');
  writeFileSync(page, replaceGeneratedSection(readFileSync(page, 'utf8'), name, content));
  console.log(`${generatedSectionPages[name]}: section ${name} updated from the packaged template`);
}
writeFileSync(join(projectRoot, 'docs', 'reasons.md'), renderReasonsPage());
const configuration = join(projectRoot, 'docs', 'configuration.md');
writeFileSync(
  configuration,
  replaceGeneratedSection(readFileSync(configuration, 'utf8'), 'config', renderConfigReference()),
);
console.log('docs/configuration.md: reference generated from the policy schema');
console.log('docs/reasons.md: generated from the reason texts');
