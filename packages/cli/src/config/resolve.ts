import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ConfigDiscovery,
  DEFAULT_CONFIG,
  diskConfigFileAccess,
  parseConfig,
  printable,
  type FileProblem,
  type JobSentinelConfig,
} from '@jobsentinel/core';
import { systemMessage } from '../inputs/collect.js';
import type { Io } from '../io.js';
import { foundPath, givenPath } from '../paths.js';

export interface LoadedConfig {
  config: JobSentinelConfig;
  /** The config file as reports name it (as given, or relative to the working folder when found), null for the defaults. */
  file: string | null;
  /** Errors in the file, each at its line and column; the config holds only the valid parts. */
  problems: FileProblem[];
  /** Why the file could not be read (it does not exist, when it was named with --config; or no permission). */
  unreadable?: string;
}

const NO_CONFIG: LoadedConfig = { config: DEFAULT_CONFIG, file: null, problems: [] };

/** The disk, as config discovery sees it: a missing file is null, any other failure is an error. */
const disk = diskConfigFileAccess({ readFile, access });

/** Validates one config file's text; custom patterns are checked with the linear-time engine's parser. */
function loadConfigText(text: string, file: string): LoadedConfig {
  const parsed = parseConfig(text, file);
  return { config: parsed.config, file, problems: parsed.errors.map((error) => ({ file, message: error.message, range: error.range })) };
}

/** Reads and validates the file named with --config. */
export async function loadConfigFile(path: string, cwd: string): Promise<LoadedConfig> {
  const file = givenPath(path);
  let reason: string;
  try {
    const text = await disk.readText(resolve(cwd, path));
    if (text !== null) return loadConfigText(text, file);
    reason = 'no such file or directory';
  } catch (error) {
    reason = systemMessage(error);
  }
  return { ...NO_CONFIG, file, problems: [{ file, message: `cannot read the config file: ${reason}` }], unreadable: reason };
}

export interface ConfigChoice {
  /** `--config FILE`. */
  path: string | undefined;
  /** `--no-config`: the defaults, whatever config files lie around. */
  none: boolean;
}

/** What a command did not do because its --config file was bad, in its own words. */
const NOT_DONE: Record<ConfigUser, string> = { scan: 'nothing was scanned', audit: 'nothing was scanned', policy: 'no policy was printed', serve: 'the server was not started' };

export type ConfigUser = 'scan' | 'audit' | 'policy' | 'serve';

/**
 * The resolver for one run of `command`. A `--config` file applies to every input; when it cannot be
 * read or is invalid its errors go to stderr at their line and column and the run stops (undefined):
 * scanning with half of an explicit config would hide what the user asked to see.
 */
export async function resolverFor(command: ConfigUser, choice: ConfigChoice, io: Io): Promise<ConfigResolver | undefined> {
  if (choice.none) return new ConfigResolver(io.cwd, NO_CONFIG);
  if (choice.path === undefined) return new ConfigResolver(io.cwd);
  const explicit = await loadConfigFile(choice.path, io.cwd);
  if (explicit.problems.length === 0) return new ConfigResolver(io.cwd, explicit);
  // The file's name and content are input: what is echoed to the terminal is made printable.
  const file = printable(explicit.file ?? '');
  if (explicit.unreadable !== undefined) {
    io.stderr.write(`jobsentinel ${command}: the config file ${file} cannot be read: ${printable(explicit.unreadable)}; ${NOT_DONE[command]}.\n`);
    return undefined;
  }
  for (const problem of explicit.problems) {
    const where = problem.range ? `${problem.file}:${problem.range.start.line}:${problem.range.start.column}` : problem.file;
    io.stderr.write(`${printable(where)}: error: ${printable(problem.message)}\n`);
  }
  io.stderr.write(`jobsentinel ${command}: the config file ${file} is not valid; ${NOT_DONE[command]}.\n`);
  return undefined;
}

/**
 * The config for each scanned file: the explicit one (--config, --no-config), or the one config
 * discovery finds for it (nearest `.jobsentinel.yaml` upwards, never above the repository root or,
 * outside a repository, the working folder). Each config file is read and validated once.
 */
export class ConfigResolver {
  private readonly discovery: ConfigDiscovery;
  private readonly loaded = new Map<string, LoadedConfig>();

  constructor(
    private readonly cwd: string,
    private readonly explicit?: LoadedConfig,
  ) {
    this.discovery = new ConfigDiscovery(disk, cwd);
  }

  /** The config for a file, and the problems of its config file the first time that file is used. */
  async forFile(path: string): Promise<{ config: JobSentinelConfig; file: string | null; newProblems: FileProblem[] }> {
    if (this.explicit) return { config: this.explicit.config, file: this.explicit.file, newProblems: [] };
    let found;
    try {
      found = await this.discovery.find(path);
    } catch (error) {
      // A config file that exists but cannot be read might be the one meant to tune this file: say so.
      const message = `cannot read the config file that applies to ${foundPath(path, this.cwd)}: ${systemMessage(error)}`;
      return { config: DEFAULT_CONFIG, file: null, newProblems: [{ file: foundPath(path, this.cwd), message }] };
    }
    if (!found) return { config: DEFAULT_CONFIG, file: null, newProblems: [] };
    const known = this.loaded.get(found.path);
    if (known) return { config: known.config, file: known.file, newProblems: [] };
    const loaded = loadConfigText(found.text, foundPath(found.path, this.cwd));
    this.loaded.set(found.path, loaded);
    return { config: loaded.config, file: loaded.file, newProblems: loaded.problems };
  }
}
