/**
 * Build-time replacements that keep code a Lambda function can never run out of its bundle. Each
 * one swaps a module that the SDK or zod import unconditionally, but only call on paths that these
 * functions never take, for a small stand-in (see each entry's reason). Nothing here changes what a
 * handler does: every stand-in either answers as the real module answers inside Lambda, or throws
 * a clear error on a path no function uses. The tests (unit and scenario) run the built bundles.
 *
 * Not done on purpose: marking the SDK `external` to use the copy in the nodejs22.x runtime. It
 * would shrink the bundles most, but the SDK version would then change under us with each runtime
 * update; we bundle it to pin what was tested.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { stubModuleSource } from './stub-module.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

type Alias = {
  /** The import specifier as the importer writes it. */
  specifier: RegExp;
  /** The importing file, when the specifier alone would also match modules that must stay. */
  importer?: RegExp;
} & (
  | { /** A file of ours that exports the same names. */ replacement: string }
  | {
      /**
       * Generate a stub: every export throws when called, except these, taken from the original.
       * Only for modules none of whose stubbed exports is called on a path the functions take
       * (a factory that runs eagerly, even if what it returns is never used, needs a replacement).
       */
      stubKeeping: string[];
      /** Said by the stub's error, should the impossible happen. */
      feature: string;
    }
);

const aliases: Alias[] = [
  // Lambda hands the role's credentials over in environment variables; the rest of the default
  // chain (ini files, SSO, process, web identity, IMDS, with the STS and SSO clients) never applies.
  {
    specifier: /^@aws-sdk\/credential-provider-node$/,
    replacement: join(root, 'scripts', 'build', 'stand-ins', 'credentials.ts'),
  },
  // Settings come from the environment; a Lambda container has no ~/.aws/config or credentials.
  {
    specifier: /^\.\/fromSharedConfigFiles$/,
    importer: /@smithy[\\/]core[\\/].*[\\/]node-config-provider[\\/]configLoader\.js$/,
    replacement: join(root, 'scripts', 'build', 'stand-ins', 'config-files.ts'),
  },
  // Lambda always sets AWS_REGION and has no EC2 instance metadata service to ask.
  {
    specifier: /getInstanceMetadataRegion$/,
    importer: /@smithy[\\/]core[\\/]/,
    replacement: join(root, 'scripts', 'build', 'stand-ins', 'region.ts'),
  },
  // Loaded (by a dynamic import) only for operations with event-stream members; none of ECS, SQS,
  // EventBridge, CloudWatch, Application Auto Scaling or the tagging API has any. Takes the
  // event-stream codec, CRC32 and node:zlib with it.
  {
    specifier: /^@smithy\/core\/event-streams$/,
    stubKeeping: [],
    feature: 'AWS event streams',
  },
  // Event-stream message signing, the only user of the SigV4 signer's header encoder.
  {
    specifier: /^\.\/HeaderFormatter$/,
    importer: /@smithy[\\/]signature-v4[\\/].*SignatureV4\.js$/,
    replacement: join(root, 'scripts', 'build', 'stand-ins', 'event-signing.ts'),
  },
  // EventBridge's signer, minus SigV4a (global endpoints), for which no signer is installed anyway.
  {
    specifier: /^@aws-sdk\/signature-v4-multi-region$/,
    importer: /[\\/]node_modules[\\/]/,
    replacement: join(root, 'scripts', 'build', 'stand-ins', 'sigv4-multi-region.ts'),
  },
  // The pure-JavaScript SHA-256, used only when node:crypto cannot hash SHA-256 (a Node built
  // without OpenSSL); Lambda's Node always can, FIPS mode included. MD5's fallback stays: FIPS
  // builds refuse MD5, and SQS checks message digests with it.
  {
    specifier: /^\.\/Sha256Js$/,
    importer: /@smithy[\\/]core[\\/].*[\\/]sha256[\\/]Sha256Node\.js$/,
    stubKeeping: [],
    feature: 'SHA-256 without node:crypto',
  },
  // The 'adaptive' retry mode (client-side rate limiter): every client is built with
  // commonClientConfig (shared/aws/client-config.ts), which pins retryMode 'standard', and an
  // explicit setting wins over AWS_RETRY_MODE. The function's own pacer does the rate limiting.
  {
    specifier: /AdaptiveRetryStrategy$/,
    importer: /@smithy[\\/]core[\\/].*[\\/]middleware-retry[\\/]configurations\.js$/,
    stubKeeping: [],
    feature: "The SDK's 'adaptive' retry mode",
  },
  // JSON Schema generation (`schema.toJSONSchema()`, `z.toJSONSchema`): the functions only parse.
  // `aggregateChecks` stays because schemas' `minLength`-style getters read it.
  {
    specifier: /json-schema-processors\.js$/,
    importer: /zod[\\/]v4[\\/]classic[\\/]schemas\.js$/,
    stubKeeping: ['aggregateChecks'],
    feature: 'zod JSON Schema generation',
  },
  {
    specifier: /to-json-schema\.js$/,
    importer: /zod[\\/]v4[\\/]classic[\\/]schemas\.js$/,
    replacement: join(root, 'scripts', 'build', 'zod-json-schema.ts'),
  },
];

const stubNamespace = 'lambda-stub';

/** Applies the aliases above to a Lambda bundle; see the file comment. */
export const lambdaAliases: Plugin = {
  name: 'lambda-aliases',
  setup(pluginBuild) {
    for (const alias of aliases) {
      pluginBuild.onResolve({ filter: alias.specifier }, async (args) => {
        if (args.pluginData?.original || (alias.importer && !alias.importer.test(args.importer))) {
          return undefined;
        }
        if ('replacement' in alias) return { path: alias.replacement };
        const original = await pluginBuild.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { original: true },
        });
        if (original.errors.length > 0) return { errors: original.errors };
        return {
          path: original.path,
          namespace: stubNamespace,
          pluginData: { keep: alias.stubKeeping, feature: alias.feature },
        };
      });
    }
    pluginBuild.onLoad({ filter: /.*/, namespace: stubNamespace }, async (args) => ({
      contents: await stubModuleSource(args.path, args.pluginData.keep, args.pluginData.feature),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
    // Each client imports its whole package.json (about 2 KB) to read one field, its version,
    // which goes into the user agent.
    pluginBuild.onLoad(
      { filter: /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]package\.json$/ },
      async (args) => {
        const { version } = JSON.parse(await readFile(args.path, 'utf8')) as { version: string };
        return { contents: JSON.stringify({ version }), loader: 'json' };
      },
    );
  },
};
