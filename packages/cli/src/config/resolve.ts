import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  configSearchPaths,
  DEFAULT_CONFIG,
  parseConfig,
  type FileProblem,
  type JobSentinelConfig,
} from '@jobsentinel/core';
import { systemMessage } from '../inputs/collect.js';
import type { Io } from '../io.js';
import { displayPath } from '../paths.js';

export interface LoadedConfig {
  config: JobSentinelConfig;
  /** Errors in the file, each at its line and column; the config holds only the valid parts. */
  problems: FileProblem[];
}

/** Reads and validates one config file; custom patterns are checked with the linear-time engine's parser. */
export function loadConfigFile(path: string, cwd: string): LoadedConfig {
  const absolute = resolve(cwd, path);
  const file = displayPath(absolute, cwd);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    return { config: DEFAULT_CONFIG, problems: [{ file, message: `cannot read the config file: ${systemMessage(error)}` }] };
  }
  const parsed = parseConfig(text, file);
  return { config: parsed.config, problems: parsed.errors.map((error) => ({ file, message: error.message, range: error.range })) };
}

/**
 * The resolver for one run of `command`. A `--config` file applies to every input; when it is invalid
 * its errors go to stderr at their line and column and the run stops (undefined): scanning with half
 * of an explicit config would hide what the user asked to see.
 */
export function resolverFor(command: string, configPath: string | undefined, io: Io): ConfigResolver | undefined {
  const resolver = new ConfigResolver(io.cwd);
  if (configPath === undefined) return resolver;
  const explicit = loadConfigFile(configPath, io.cwd);
  if (explicit.problems.length > 0) {
    for (const problem of explicit.problems) {
      const where = problem.range ? `${problem.file}:${problem.range.start.line}:${problem.range.start.column}` : problem.file;
      io.stderr.write(`${where}: error: ${problem.message}\n`);
    }
    io.stderr.write(`jobsentinel ${command}: the config file ${displayPath(configPath, io.cwd)} is not valid; nothing was scanned.\n`);
    return undefined;
  }
  resolver.useExplicit(explicit.config);
  return resolver;
}

/**
 * The config for each scanned file: the one given with --config, or the nearest `.jobsentinel.yaml`
 * / `.yml` from the file's folder upwards. Lookups are cached per folder and files are read once, so
 * a tree of thousands of manifests costs a handful of stats per folder.
 */
export class ConfigResolver {
  private explicit: JobSentinelConfig | undefined;
  private readonly byFolder = new Map<string, LoadedConfig>();
  private readonly byFile = new Map<string, LoadedConfig>();

  constructor(private readonly cwd: string) {}

  useExplicit(config: JobSentinelConfig): void {
    this.explicit = config;
  }

  /** The config for a file, and the problems of its config file the first time that file is used. */
  forFile(path: string): { config: JobSentinelConfig; newProblems: FileProblem[] } {
    if (this.explicit) return { config: this.explicit, newProblems: [] };
    const folder = dirname(path);
    const cached = this.byFolder.get(folder);
    if (cached) return { config: cached.config, newProblems: [] };
    const found = configSearchPaths(path).find(isFile);
    let newProblems: FileProblem[] = [];
    let loaded: LoadedConfig = { config: DEFAULT_CONFIG, problems: [] };
    if (found) {
      const known = this.byFile.get(found);
      if (known) loaded = known;
      else {
        loaded = loadConfigFile(found, this.cwd);
        this.byFile.set(found, loaded);
        newProblems = loaded.problems;
      }
    }
    this.byFolder.set(folder, loaded);
    return { config: loaded.config, newProblems };
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
