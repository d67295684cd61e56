import { nearestWord } from '@jobsentinel/core';
import { UsageError } from '../io.js';

/** One option of a command: the table that both parses the command line and writes its --help. */
export interface OptionSpec {
  /** Long name, without the dashes. */
  name: string;
  short?: string;
  /** What the value is called in --help (`FILE`); absent for a switch. */
  value?: string;
  /** May be given several times; every value is kept. */
  repeatable?: boolean;
  /** --help lines (the first beside the option, the rest indented below it). */
  help: string[];
}

export interface ParsedArguments {
  positionals: string[];
  /** Values by long name: a switch is true, a repeatable option a list, others the last value given. */
  values: Map<string, string | true | string[]>;
}

/**
 * Reads a command line against the option table: `--name value`, `--name=value`, `-x value`, `-xvalue`,
 * `--` ends the options, `-` alone is a positional (standard input). Mistakes are UsageErrors worded
 * for people, with the option that was probably meant.
 */
export function parseArguments(args: readonly string[], specs: readonly OptionSpec[]): ParsedArguments {
  const positionals: string[] = [];
  const values = new Map<string, string | true | string[]>();
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const equals = long ? arg.indexOf('=') : -1;
    const written = long ? (equals === -1 ? arg : arg.slice(0, equals)) : arg.slice(0, 2);
    const spec = long ? specs.find((option) => `--${option.name}` === written) : specs.find((option) => option.short !== undefined && `-${option.short}` === written);
    if (!spec) throw new UsageError(`unknown option ${written}${suggestion(written, specs)}`);
    let inline: string | undefined = long ? (equals === -1 ? undefined : arg.slice(equals + 1)) : arg.length > 2 ? arg.slice(2) : undefined;
    if (spec.value === undefined) {
      if (inline !== undefined) throw new UsageError(`${written} takes no value`);
      values.set(spec.name, true);
      continue;
    }
    if (inline === undefined) {
      const next = args[index + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw new UsageError(`${written} needs a value (${spec.value})`);
      inline = next;
      index++;
    }
    if (inline === '') throw new UsageError(`${written} needs a value (${spec.value})`);
    if (spec.repeatable) {
      const list = values.get(spec.name);
      values.set(spec.name, [...(Array.isArray(list) ? list : []), inline]);
    } else values.set(spec.name, inline);
  }
  return { positionals, values };
}

/** ` (did you mean --format?)`, or ''. */
function suggestion(written: string, specs: readonly OptionSpec[]): string {
  const names = specs.map((spec) => `--${spec.name}`);
  const near = nearestWord(written.startsWith('--') ? written : `-${written}`, names);
  return near === undefined ? '' : ` (did you mean ${near}?)`;
}

/** How wide --help may be: it must read whole in a terminal of 100 columns. */
export const HELP_WIDTH = 100;

/** The Options section of a command's --help, from its table; each option's text is wrapped to fit HELP_WIDTH. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const heads = specs.map((spec) => `${spec.short ? `-${spec.short}, ` : '    '}--${spec.name}${spec.value ? ` ${spec.value}` : ''}`);
  const width = Math.max(...heads.map((head) => head.length)) + 2;
  const textWidth = HELP_WIDTH - width - 3;
  return specs
    .flatMap((spec, index) => wrap(spec.help.join(' '), textWidth).map((line, at) => `  ${(at === 0 ? heads[index] : '').padEnd(width)} ${line}`.trimEnd()))
    .join('\n');
}

/** `text` in lines of at most `width` characters, broken at spaces (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

export function stringValue(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.values.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function listValue(parsed: ParsedArguments, name: string): string[] {
  const value = parsed.values.get(name);
  return Array.isArray(value) ? value : [];
}

export function isSet(parsed: ParsedArguments, name: string): boolean {
  return parsed.values.has(name);
}

/** `value` if it is one of `allowed`, else a UsageError that lists them (and the nearest). */
export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const near = nearestWord(value, allowed);
  throw new UsageError(`unknown ${what} "${value}"${near ? ` (did you mean "${near}"?)` : ''}; use one of: ${allowed.join(', ')}`);
}
