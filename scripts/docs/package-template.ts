import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, where serverless.yml lives. */
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The stage the meta-tests and docs package for (no AWS call is made for it). */
export const packagedStage = 'test';

/** A CloudFormation resource as the meta-tests read it. */
export type TemplateResource = { Type: string; Properties: Record<string, unknown> };
/** The parts of the packaged template the meta-tests read. */
export type PackagedTemplate = {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
};

/**
 * Packages the service exactly as `npm run package` does, into a scratch folder, and returns
 * `cloudformation-template-update-stack.json`: the meta-tests check what would be deployed.
 * The bundles in dist/ must already be built (the tests' global setup does it).
 */
export function packageTemplate(): PackagedTemplate {
  return packageService().template;
}

/**
 * Packages the service exactly as `npm run package` does, into a scratch folder.
 * @returns the folder (`<functionKey>.zip` per function) and the template to deploy.
 */
export function packageService(): { dir: string; template: PackagedTemplate } {
  const out = mkdtempSync(join(tmpdir(), 'autopilot-package-'));
  execFileSync(
    join(projectRoot, 'node_modules/.bin/serverless'),
    ['package', '--stage', packagedStage, '--region', 'us-east-1', '--package', out],
    {
      cwd: projectRoot,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', AUTOPILOT_SKIP_BUILD: '1' },
      stdio: 'pipe',
    },
  );
  const template = JSON.parse(
    readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as PackagedTemplate;
  return { dir: out, template };
}

/** The resources of one CloudFormation type, by logical id. */
export function resourcesOfType(
  template: PackagedTemplate,
  type: string,
): [string, TemplateResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The serverless function key (`restartTask`) of a Lambda function's logical id. */
export function functionKeyOf(logicalId: string): string {
  return logicalId.replace(/LambdaFunction$/, '').replace(/^./, (letter) => letter.toLowerCase());
}

/** The source file of a function key: `restartTask` → `functions/restart-task.ts`. */
export function functionEntryOf(functionKey: string): string {
  const name = functionKey.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  return join(projectRoot, 'functions', `${name}.ts`);
}
