import { parseArgs } from 'node:util';
import { UsageError } from '../io.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];
export const STDIN_NAME = '<stdin>';

/** What every command takes: `--format`, `--config`, `--stdin-name`, `--help`. */
export interface CommonOptions {
  positionals: string[];
  format: Format;
  config: string | undefined;
  stdinName: string;
  /** Values of the command's own string options, by name. */
  extra: Record<string, string | undefined>;
  /** The command's own switches that were given, by name. */
  flags: Set<string>;
}

/**
 * Parses a command's arguments: the options all commands share, plus `extra` string options
 * (long name → short letter, or '' for none). Returns 'help' for `--help`; bad usage is a UsageError.
 */
export function parseCommandOptions(args: string[], extra: Record<string, string> = {}, switches: readonly string[] = []): CommonOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        'stdin-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(Object.entries(extra).map(([name, short]) => [name, { type: 'string' as const, ...(short === '' ? {} : { short }) }])),
        ...Object.fromEntries(switches.map((name) => [name, { type: 'boolean' as const }])),
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return 'help';
  const config = values.config as string | undefined;
  if (config === '') throw new UsageError('--config needs a file name');
  return {
    positionals: parsed.positionals,
    format: oneOf((values.format as string | undefined) ?? 'text', FORMATS, 'format'),
    config,
    stdinName: (values['stdin-name'] as string | undefined) || STDIN_NAME,
    extra: Object.fromEntries(Object.keys(extra).map((name) => [name, values[name] as string | undefined])),
    flags: new Set(switches.filter((name) => values[name] === true)),
  };
}

/** `value` if it is one of `allowed`, else a UsageError that lists them. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`unknown ${what} "${value}"; use one of: ${allowed.join(', ')}`);
  return value as T;
}
