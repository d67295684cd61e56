import type { Severity } from '@jobsentinel/core';
import { DEFAULT_FORMAT, FORMATTERS, type OutputFormat } from '@jobsentinel/core/formats';
import { isSet, oneOf, parseArguments, stringValue, type OptionSpec, type ParsedArguments } from './arguments.js';
import type { ConfigChoice } from '../config/resolve.js';
import { UsageError } from '../io.js';

export const STDIN_NAME = '<stdin>';

/** `--fail-on`: the lowest severity that makes the exit status 1; `never` keeps it 0 whatever is found. */
export const FAIL_ON = ['error', 'warning', 'information', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];
export const DEFAULT_FAIL_ON: FailOn = 'warning';

/** `--format`, its help naming each format a command offers (the core's FORMATTERS table) with its description. */
export function formatOption(formats: readonly OutputFormat[]): OptionSpec {
  return { name: 'format', short: 'f', value: 'FORMAT', help: [`${formats.map((format) => `${format.name} (${format.description})`).join(', ')}; default: ${DEFAULT_FORMAT}. See docs/cli.md`] };
}
export const CONFIG_OPTIONS: OptionSpec[] = [
  { name: 'config', short: 'c', value: 'FILE', help: [] },
  { name: 'no-config', help: ['use no config file: the defaults, whatever config files lie around'] },
];
export const FAIL_ON_OPTION: OptionSpec = {
  name: 'fail-on',
  value: 'LEVEL',
  help: [`${FAIL_ON.join(', ')}: the lowest severity that makes the exit`, `status 1 (default: ${DEFAULT_FAIL_ON})`],
};
export const STDIN_NAME_OPTION = (more: string[] = []): OptionSpec => ({
  name: 'stdin-name',
  value: 'NAME',
  help: [`the file name reported for standard input (default: ${STDIN_NAME})${more.length > 0 ? ';' : ''}`, ...more],
});
export const OUTPUT_OPTION: OptionSpec = {
  name: 'output',
  short: 'o',
  value: 'FILE',
  help: ['write the report to FILE instead of standard output (replaced whole at the', 'end of the run, never left half-written; text in a file has no colour)'],
};
export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', help: ['show this help'] };

/** What every command takes. */
export interface CommonOptions<F extends OutputFormat = OutputFormat> {
  parsed: ParsedArguments;
  format: F;
  config: ConfigChoice;
  failOn: FailOn;
  stdinName: string;
  /** `--output FILE`; undefined for standard output. */
  output: string | undefined;
}

/** Parses a command's arguments with its option table; 'help' for --help; bad usage is a UsageError. */
export function parseCommandOptions<F extends OutputFormat = OutputFormat>(
  args: readonly string[],
  specs: readonly OptionSpec[],
  formats: readonly F[] = FORMATTERS as readonly F[],
): CommonOptions<F> | 'help' {
  const parsed = parseArguments(args, specs);
  if (isSet(parsed, 'help')) return 'help';
  const path = stringValue(parsed, 'config');
  if (path !== undefined && isSet(parsed, 'no-config')) throw new UsageError('--config and --no-config contradict each other; give one');
  return {
    parsed,
    format: formatNamed(stringValue(parsed, 'format') ?? DEFAULT_FORMAT, formats),
    config: { path, none: isSet(parsed, 'no-config') },
    failOn: oneOf(stringValue(parsed, 'fail-on') ?? DEFAULT_FAIL_ON, FAIL_ON, '--fail-on level'),
    stdinName: stringValue(parsed, 'stdin-name') ?? STDIN_NAME,
    output: stringValue(parsed, 'output'),
  };
}

function formatNamed<F extends OutputFormat>(name: string, formats: readonly F[]): F {
  const chosen = oneOf(name, formats.map((format) => format.name), 'format');
  return formats.find((format) => format.name === chosen)!;
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };

/** Whether a finding of `severity` makes the exit status 1 under `--fail-on`. */
export function failsOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[severity] >= RANK[failOn];
}
