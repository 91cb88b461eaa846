/**
 * The cold-start floor of a function: a bundle that holds only the AWS SDK clients the function's
 * own bundle contains, and one command each, built in the same run with the same esbuild options
 * as scripts/build.ts. Whatever a function loads beyond its floor is the project's own cost.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import * as buildScript from '../scripts/build.ts';
import { root } from './support/child-process.ts';

/** A floor as built. */
export type FloorBundle = {
  name: string;
  bundlePath: string;
  /** Client packages found in the function's metafile, with the command the floor sends. */
  clients: { pkg: string; command: string }[];
  /** How the esbuild options were obtained (see {@link floorBuildOptions}). */
  optionsSource: string;
};

type ClientSpec = { client: string; command: string; input: string };

/** One representative command per client; ECS gets the function's own main write. */
const clientSpecs: Record<string, ClientSpec> = {
  '@aws-sdk/client-ecs': { client: 'ECSClient', command: 'DescribeTasksCommand', input: '{}' },
  '@aws-sdk/client-sqs': {
    client: 'SQSClient',
    command: 'SendMessageCommand',
    input: "{ QueueUrl: 'q', MessageBody: 'm' }",
  },
  '@aws-sdk/client-eventbridge': {
    client: 'EventBridgeClient',
    command: 'PutEventsCommand',
    input: '{ Entries: [] }',
  },
  '@aws-sdk/client-cloudwatch': {
    client: 'CloudWatchClient',
    command: 'GetMetricDataCommand',
    input: '{}',
  },
  '@aws-sdk/client-application-auto-scaling': {
    client: 'ApplicationAutoScalingClient',
    command: 'DescribeScalableTargetsCommand',
    input: "{ ServiceNamespace: 'ecs' }",
  },
  '@aws-sdk/client-resource-groups-tagging-api': {
    client: 'ResourceGroupsTaggingAPIClient',
    command: 'GetResourcesCommand',
    input: '{}',
  },
};

const ecsCommandOf: Record<string, string> = {
  'restart-task': 'RunTaskCommand',
  'prune-task-definitions': 'DeregisterTaskDefinitionCommand',
  'scale-services': 'UpdateServiceCommand',
};

/** The SDK client packages a built bundle contains, from its esbuild metafile. */
export async function listBundledClients(name: string): Promise<string[]> {
  const meta = JSON.parse(await readFile(join(root, 'dist', name, 'meta.json'), 'utf8')) as {
    inputs: Record<string, unknown>;
  };
  const clients = new Set<string>();
  for (const input of Object.keys(meta.inputs)) {
    const match = /node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(input);
    if (match?.[1] !== undefined) clients.add(match[1]);
  }
  return [...clients].sort();
}

/** Mirrors scripts/build.ts's plugin: Lambda bundles take credentials from the environment only. */
const environmentCredentialsOnly: Plugin = {
  name: 'environment-credentials-only',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(root, 'shared', 'aws', 'lambda-credentials.ts'),
    }));
  },
};

/**
 * The esbuild options of scripts/build.ts: its exported options object when it exports one
 * (any exported object with `bundle: true`), otherwise a mirror of what it passes to `build`.
 */
export function floorBuildOptions(): { options: BuildOptions; source: string } {
  for (const [key, value] of Object.entries(buildScript)) {
    if (typeof value === 'object' && value !== null && (value as BuildOptions).bundle === true) {
      return { options: value as BuildOptions, source: `scripts/build.ts export \`${key}\`` };
    }
  }
  const options: BuildOptions = {
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    legalComments: 'none',
    external: ['yaml'],
    plugins: [environmentCredentialsOnly],
    banner: {
      js: "import { createRequire as __autopilotCreateRequire } from 'node:module'; const require = __autopilotCreateRequire(import.meta.url);",
    },
  };
  return { options, source: 'mirrored from scripts/build.ts (it exports no options object)' };
}

/** Builds the floor of one function into a temporary directory. */
export async function buildFloorBundle(name: string): Promise<FloorBundle> {
  const packages = await listBundledClients(name);
  const specs = packages.flatMap((pkg) => {
    const spec = clientSpecs[pkg];
    if (spec === undefined) return [];
    const command =
      pkg === '@aws-sdk/client-ecs' ? (ecsCommandOf[name] ?? spec.command) : spec.command;
    return [{ pkg, ...spec, command }];
  });
  const source = [
    ...specs.map((s) => `import { ${s.client}, ${s.command} } from '${s.pkg}';`),
    'export const handler = async () => {',
    ...specs.map((s) => `  await new ${s.client}({}).send(new ${s.command}(${s.input}));`),
    '};',
  ].join('\n');
  const { options, source: optionsSource } = floorBuildOptions();
  const bundlePath = join(tmpdir(), 'ecs-autopilot-bench', `floor-${name}`, 'index.mjs');
  await build({
    ...options,
    entryPoints: undefined,
    stdin: { contents: source, resolveDir: root, sourcefile: `floor-${name}.js`, loader: 'js' },
    outfile: bundlePath,
    metafile: false,
    write: true,
    logLevel: 'silent',
  });
  const clients = specs.map((s) => ({ pkg: s.pkg, command: s.command }));
  return { name, bundlePath, clients, optionsSource };
}
