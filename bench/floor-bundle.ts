/**
 * The cold-start floor of a function: a bundle that holds only the AWS SDK clients the function's
 * own bundle contains, and one command each, built in the same run with the same esbuild options
 * as scripts/build.ts. Whatever a function loads beyond its floor is the project's own cost.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../scripts/build.ts';
import { root } from './support/child-process.ts';

/** A floor as built. */
export type FloorBundle = {
  name: string;
  bundlePath: string;
  /** Client packages found in the function's metafile, with the command the floor sends. */
  clients: { pkg: string; command: string }[];
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
  const bundlePath = join(tmpdir(), 'ecs-autopilot-bench', `floor-${name}`, 'index.mjs');
  await build({
    ...lambdaBundleOptions,
    stdin: { contents: source, resolveDir: root, sourcefile: `floor-${name}.js`, loader: 'js' },
    outfile: bundlePath,
    metafile: false,
    write: true,
    logLevel: 'silent',
  });
  const clients = specs.map((s) => ({ pkg: s.pkg, command: s.command }));
  return { name, bundlePath, clients };
}
