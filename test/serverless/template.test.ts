import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBuffer, type ZipFile } from 'yauzl';
import { splitOutputs } from '../../scripts/build/split-outputs.ts';
import { requiredActions } from '../../scripts/docs/iam-requirements.ts';
import {
  functionEntryOf,
  functionKeyOf,
  packageService,
  type TemplateResource as Resource,
  resourcesOfType,
  projectRoot as root,
} from '../../scripts/docs/package-template.ts';

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

/** Actions the platform needs that no wrapper calls: logging, and SQS polling by Lambda itself. */
const platformActions: Record<string, string[]> = {
  restartTask: [
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
  ],
  pruneTaskDefinitions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  scaleServices: ['logs:CreateLogStream', 'logs:PutLogEvents'],
};
/** Which fixtures in events/ exercise which function. */
const fixturePatterns: Record<string, RegExp> = {
  restartTask: /^task-.*\.json$/,
  pruneTaskDefinitions: /prune.*\.json$/,
  scaleServices: /scale.*\.json$/,
};

/** The names of the files in a zip. */
async function listZip(path: string): Promise<string[]> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    fromBuffer(readFileSync(path), { lazyEntries: true }, (error, file) =>
      error ? reject(error) : resolve(file),
    ),
  );
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    zip.on('entry', (entry: { fileName: string }) => {
      names.push(entry.fileName);
      zip.readEntry();
    });
    zip.on('end', () => resolve(names.sort()));
    zip.on('error', reject);
    zip.readEntry();
  });
}

describe('serverless.yml packaged template', () => {
  let resources: Record<string, Resource>;
  let functions: [string, Resource][];
  let packageDir: string;

  beforeAll(() => {
    // Prepare: package exactly as `npm run package` does, into a scratch folder.
    const packaged = packageService();
    packageDir = packaged.dir;
    resources = packaged.template.Resources;
    functions = resourcesOfType({ Resources: resources }, 'AWS::Lambda::Function');
  }, 60_000);

  it('zips every file a function’s bundle can load (its entry and every chunk), and nothing else', async () => {
    for (const [id] of functions) {
      // Prepare: what the build says the entry loads, statically or on demand.
      const key = functionKeyOf(id);
      const name = basename(functionEntryOf(key), '.ts');
      const metafile = JSON.parse(
        readFileSync(join(root, 'dist', name, 'meta.json'), 'utf8'),
      ) as Metafile;
      const { eager, lazy } = splitOutputs(metafile, 'index.mjs');

      // Act
      const zipped = await listZip(join(packageDir, `${key}.zip`));

      // Assess
      expect(lazy.length, key).toBeGreaterThan(0);
      expect(zipped, key).toEqual([...eager, ...lazy].map(({ path }) => path).sort());
    }
  });

  it('points every function at a built bundle of functions/<name>.ts on nodejs22.x arm64', () => {
    expect(functions.map(([id]) => functionKeyOf(id)).sort()).toEqual([
      'pruneTaskDefinitions',
      'restartTask',
      'scaleServices',
    ]);
    for (const [id, resource] of functions) {
      const name = basename(functionEntryOf(functionKeyOf(id)), '.ts');
      expect(resource.Properties.Handler).toBe(`dist/${name}/index.handler`);
      expect(resource.Properties.Runtime).toBe('nodejs22.x');
      expect(resource.Properties.Architectures).toEqual(['arm64']);
      expect(existsSync(join(root, 'functions', `${name}.ts`))).toBe(true);
      expect(existsSync(join(root, 'dist', name, 'index.mjs'))).toBe(true);
    }
  });

  it('has at least one fixture in events/ for every function', () => {
    const fixtures = readdirSync(join(root, 'events'));
    for (const [id] of functions) {
      const pattern = fixturePatterns[functionKeyOf(id)];
      expect(pattern, functionKeyOf(id)).toBeDefined();
      expect(
        fixtures.filter((file) => pattern?.test(file)).length,
        functionKeyOf(id),
      ).toBeGreaterThan(0);
    }
  });

  it('grants each function exactly the actions its wrappers document, and no wildcard action', () => {
    for (const [id, resource] of functions) {
      const key = functionKeyOf(id);
      const roleId = (resource.Properties.Role as { 'Fn::GetAtt': [string, string] })[
        'Fn::GetAtt'
      ][0];
      const role = resources[roleId] as Resource;
      const statements = (
        role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]
      ).flatMap((policy) => policy.PolicyDocument.Statement);
      const granted = new Set(statements.flatMap((statement) => [statement.Action].flat()));
      const expected = new Set([
        ...requiredActions(functionEntryOf(key)),
        ...(platformActions[key] ?? []),
      ]);

      expect(
        [...granted].filter((action) => action.includes('*')),
        key,
      ).toEqual([]);
      expect([...granted].sort(), key).toEqual([...expected].sort());
    }
  });

  it('scopes every action ECS authorises per resource to the account and Region', () => {
    // Actions whose Service Authorization Reference entry names a resource type.
    const resourceLevel: Record<string, string> = {
      'ecs:DescribeTasks': ':task/*',
      'ecs:DescribeServices': ':service/*',
      'ecs:UpdateService': ':service/*',
      'ecs:GetTaskProtection': ':task/*',
      'ecs:RunTask': ':task-definition/*',
      'ecs:DeleteTaskDefinitions': ':task-definition/*',
    };
    for (const statement of listRoleStatements(resources)) {
      for (const action of [statement.Action].flat()) {
        const suffix = resourceLevel[action];
        if (suffix === undefined) continue;
        expect(statement.Resource, action).toEqual({
          'Fn::Sub': `arn:\${AWS::Partition}:ecs:\${AWS::Region}:\${AWS::AccountId}${suffix}`,
        });
      }
    }
  });

  it('scopes the Scheduler and Step Functions reads to the account and Region', () => {
    // Service Authorization Reference: GetSchedule on `schedule`, the state machine reads on
    // `stateMachine` (a version ARN is `…:stateMachine:name:3`, which `stateMachine:*` covers).
    const resourceLevel: Record<string, string> = {
      'scheduler:GetSchedule': `scheduler:\${AWS::Region}:\${AWS::AccountId}:schedule/*`,
      'states:DescribeStateMachine': `states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:*`,
      'states:ListStateMachineVersions': `states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:*`,
    };
    const seen = new Set<string>();
    for (const statement of listRoleStatements(resources)) {
      for (const action of [statement.Action].flat()) {
        const scope = resourceLevel[action];
        if (scope === undefined) continue;
        seen.add(action);
        expect(statement.Resource, action).toEqual({
          'Fn::Sub': `arn:\${AWS::Partition}:${scope}`,
        });
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(resourceLevel).sort());
  });

  it('conditions iam:PassRole on ECS tasks and ecs:TagResource on RunTask', () => {
    for (const statement of listRoleStatements(resources)) {
      const actions = [statement.Action].flat();
      if (actions.includes('iam:PassRole')) {
        expect(statement.Condition).toEqual({
          StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
        });
      }
      if (actions.includes('ecs:TagResource')) {
        expect(statement.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RunTask' } });
      }
    }
  });

  it('lets only the restart function send to its delay queue: an explicit Deny for every other principal', () => {
    // Prepare
    const policies = Object.values(resources).filter(
      (resource) =>
        resource.Type === 'AWS::SQS::QueuePolicy' &&
        JSON.stringify(resource.Properties.Queues) ===
          JSON.stringify([{ Ref: 'RestartDelayQueue' }]),
    );
    // Assess: a Deny (an Allow alone does not stop principals whose own policies allow it).
    expect(policies).toHaveLength(1);
    expect(policies[0]?.Properties.PolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OnlyTheRestartFunctionSends',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:SendMessage',
          Resource: { 'Fn::GetAtt': ['RestartDelayQueue', 'Arn'] },
          Condition: {
            ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': ['RestartTaskRole', 'Arn'] } },
          },
        },
      ],
    });
    const [, restart] = functions.find(([id]) => functionKeyOf(id) === 'restartTask') ?? [];
    expect(restart?.Properties.Role).toEqual({ 'Fn::GetAtt': ['RestartTaskRole', 'Arn'] });
  });

  it('lets the restart function pass only the roles passableTaskRoleNames names, and tells it which', () => {
    // Prepare
    const passRole = listRoleStatements(resources).find((statement) =>
      [statement.Action].flat().includes('iam:PassRole'),
    );
    const [, restart] = functions.find(([id]) => functionKeyOf(id) === 'restartTask') ?? [];
    const variables = (restart?.Properties.Environment as { Variables: Record<string, unknown> })
      .Variables;
    // Assess: the narrow default, the same pattern in the grant and in the function's check.
    expect(passRole?.Resource).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/ecs-autopilot-passable-*`,
    });
    expect(variables.PASSABLE_ROLE_NAMES).toBe('ecs-autopilot-passable-*');
  });

  it('gives every rule target a dead-letter queue and a retry policy, and every function a failure destination', () => {
    const rules = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::Events::Rule',
    );
    expect(rules).toHaveLength(5);
    for (const rule of rules) {
      for (const target of rule.Properties.Targets as Record<string, unknown>[]) {
        expect(target.DeadLetterConfig).toBeDefined();
        expect(target.RetryPolicy).toBeDefined();
      }
    }
    const invokeConfigs = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig',
    );
    expect(invokeConfigs).toHaveLength(3);
    for (const config of invokeConfigs) {
      expect(config.Properties.DestinationConfig).toMatchObject({
        OnFailure: { Destination: expect.anything() },
      });
    }
  });
});

/** Every statement of every IAM role in the template. */
function listRoleStatements(resources: Record<string, Resource>): Statement[] {
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Role')
    .flatMap((role) =>
      (role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]).flatMap(
        (policy) => policy.PolicyDocument.Statement,
      ),
    );
}
