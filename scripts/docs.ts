/**
 * Regenerates the README's generated sections (IAM policy per function, alarms) from the
 * packaged template, and docs/reasons.md from the reason texts: `npm run docs`. Meta-tests fail
 * when they drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFunctions } from './build.ts';
import { listTemplateDocs } from './docs/list-template-docs.ts';
import { packageTemplate, projectRoot } from './docs/package-template.ts';
import { renderReasonsPage } from './docs/reasons.ts';
import { replaceGeneratedSection } from './docs/template-docs.ts';

await buildFunctions({ quiet: true });
const readmePath = join(projectRoot, 'README.md');
let readme = readFileSync(readmePath, 'utf8');
for (const [name, content] of Object.entries(listTemplateDocs(packageTemplate()))) {
  readme = replaceGeneratedSection(readme, name, content);
}
writeFileSync(readmePath, readme);
console.log('README.md: generated sections updated from the packaged template');
writeFileSync(join(projectRoot, 'docs', 'reasons.md'), renderReasonsPage());
console.log('docs/reasons.md: generated from the reason texts');
