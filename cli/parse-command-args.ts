import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { didYouMean } from './suggest.ts';
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
    throw new UsageError(describeParseError(error, options), command);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).join(' ');
    throw new UsageError(`unexpected argument(s): ${extra}`, command);
  }
  return parsed;
}

/**
 * Node's parser messages in the CLI's words: an unknown option names the nearest known one
 * instead of Node's advice about positionals starting with '-'.
 */
function describeParseError(error: unknown, options: ParseArgsOptionsConfig): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.entries(options).flatMap(([name, spec]) =>
      spec.short === undefined ? [`--${name}`] : [`--${name}`, `-${spec.short}`],
    );
    return `unknown option ${option}${didYouMean(option.split('=')[0] ?? option, known)}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.includes('argument missing')
      ? `option ${message.replace(/^Option '([^ ']+).*$/, '$1')} needs a value`
      : `option ${message.replace(/^Option '(?:-\w, )?([^ ']+).*$/, '$1')} takes no value`;
  }
  return message;
}
