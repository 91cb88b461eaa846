import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { UsageError } from './usage-error.ts';

/** Options every command accepts. */
export const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

/** Options of the commands that read an AWS account. */
export const awsOptions = {
  region: { type: 'string' },
  profile: { type: 'string' },
  policy: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  ...helpOption,
} as const;

/**
 * Parses one command's arguments strictly: an unknown option, a missing option value or a
 * positional the command does not take is a usage error naming the command, never ignored
 * (a mistyped `--polcy` silently falling back to the default policy would preview the wrong plan).
 *
 * @throws UsageError for anything `parseArgs` refuses, or more positionals than `maxPositionals`.
 */
export function parseCommandArgs<TOptions extends ParseArgsOptionsConfig>(
  command: string,
  args: readonly string[],
  options: TOptions,
  maxPositionals: number,
) {
  let parsed: ReturnType<typeof parseArgs<{ options: TOptions; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message, command);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).join(' ');
    throw new UsageError(`unexpected argument(s): ${extra}`, command);
  }
  return parsed;
}
