import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { floorSource, listSdkUse } from '../../bench/floor-bundle.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const ecs = 'node_modules/@aws-sdk/client-ecs/dist-es';

/** A metafile whose entry imports a chunk statically and another on demand. */
function metafile(inputs: Record<string, Record<string, number>>): Metafile {
  const output = (file: string, imports: Metafile['outputs'][string]['imports']) => ({
    bytes: 1,
    inputs: Object.fromEntries(
      Object.entries(inputs[file] ?? {}).map(([path, bytesInOutput]) => [path, { bytesInOutput }]),
    ),
    imports,
    exports: [],
  });
  return {
    inputs: {},
    outputs: {
      'dist/f/index.mjs': output('index', [
        { path: 'dist/f/chunk.mjs', kind: 'import-statement' },
        { path: 'dist/f/lazy.mjs', kind: 'dynamic-import' },
      ]),
      'dist/f/chunk.mjs': output('chunk', []),
      'dist/f/lazy.mjs': output('lazy', []),
    },
  };
}

describe('listSdkUse', () => {
  it('takes every client, command and paginator that left code in what a cold start loads', () => {
    // Prepare
    const meta = metafile({
      index: {
        [`${ecs}/ECSClient.js`]: 900,
        [`${ecs}/commands/RunTaskCommand.js`]: 120,
        // Imported, then tree-shaken away: not sent.
        [`${ecs}/commands/StopTaskCommand.js`]: 0,
      },
      chunk: { [`${ecs}/pagination/ListTasksPaginator.js`]: 80 },
      // Only a POLICY_FILE override loads it: not part of the cold start.
      lazy: { [`${ecs}/commands/ListClustersCommand.js`]: 100 },
    });

    // Act
    const uses = listSdkUse(meta);

    // Assess
    expect(uses).toEqual([
      {
        pkg: '@aws-sdk/client-ecs',
        client: 'ECSClient',
        commands: ['RunTaskCommand'],
        paginators: ['paginateListTasks'],
      },
    ]);
    expect(floorSource(uses)).toContain('await c0.send(new RunTaskCommand({}));');
    expect(floorSource(uses)).toContain('paginateListTasks({ client: c0 }, {})');
  });

  it('finds in the prune bundle every call it loads at cold start, the writes included', () => {
    // Prepare: the bundle the global setup built.
    const meta = JSON.parse(
      readFileSync(join(root, 'dist/prune-task-definitions/meta.json'), 'utf8'),
    ) as Metafile;

    // Act
    const commands = listSdkUse(meta).flatMap((use) => use.commands);

    // Assess
    expect(commands).toEqual(
      expect.arrayContaining([
        'DeregisterTaskDefinitionCommand',
        'DeleteTaskDefinitionsCommand',
        'ListTaskDefinitionsCommand',
        'DescribeTaskDefinitionCommand',
        'PutEventsCommand',
      ]),
    );
    // The in-use readers (tagging, Scheduler, Step Functions) load only when a run needs them.
    expect(commands).not.toContain('GetResourcesCommand');
    expect(commands).not.toContain('ListSchedulesCommand');
  });
});
