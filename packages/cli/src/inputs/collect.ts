import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { CONFIG_FILE_NAMES, pathGlob } from '@jobsentinel/core';
import { givenPath } from '../paths.js';

/**
 * Where one input comes from: a file on disk (`path` to open it, `shown` as reports name it: the path
 * given on the command line, joined with the names found under it), or standard input (`-`).
 */
export type InputSource = { kind: 'file'; path: string; shown: string } | { kind: 'stdin' };

export interface CollectedInputs {
  inputs: InputSource[];
  /** Paths that do not exist or cannot be listed: the command could not do all it was asked. */
  problems: Array<{ shown: string; message: string }>;
  /** Paths `--exclude` left out, as shown: files, and folders that were not walked. */
  excluded: string[];
  /** Of those, the ones named on the command line, with the glob that excluded each (worth telling the user). */
  excludedByName: Array<{ shown: string; glob: string }>;
}

export const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Folders that hold other people's files or version-control internals, never the user's manifests. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * Expands the command line's paths: files as given (whatever their extension), folders recursively
 * (manifest extensions only, sorted by name so runs are reproducible), `-` as standard input.
 * A file reached twice is scanned once; symbolic-link loops are walked once.
 *
 * `exclude` globs (docs/cli.md, "--exclude") are matched against a path relative to the folder being
 * walked and against the path as shown; an excluded folder is not walked. They also apply to paths
 * named on the command line (pre-commit passes every changed file by name), which the caller reports.
 */
export function collectInputs(paths: readonly string[], cwd: string, exclude: readonly string[] = []): CollectedInputs {
  const collected: CollectedInputs = { inputs: [], problems: [], excluded: [], excludedByName: [] };
  const globs = exclude.map((glob) => ({ glob, pattern: pathGlob(glob) }));
  const matching = (candidates: string[]) => globs.find(({ pattern }) => candidates.some((candidate) => pattern.test(candidate)))?.glob;
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  let stdin = false;

  const addFile = (path: string, shown: string): void => {
    const key = realpathOr(path);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    collected.inputs.push({ kind: 'file', path, shown });
  };

  /** `relative`: the path below the walked root, with forward slashes ('' for the root). */
  const walk = (folder: string, shown: string, relative: string): void => {
    const key = realpathOr(folder);
    if (seenFolders.has(key)) return;
    seenFolders.add(key);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      collected.problems.push({ shown, message: `cannot list folder: ${systemMessage(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const entryShown = givenPath(join(shown, entry.name));
      const entryRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrNull(path);
        isFolder = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isFolder && !SKIPPED_FOLDERS.has(entry.name)) {
        if (matching([entryRelative, `${entryRelative}/`, entryShown, `${entryShown}/`]) !== undefined) collected.excluded.push(entryShown);
        else walk(path, entryShown, entryRelative);
      } else if (isFile && isManifestName(entry.name)) {
        if (matching([entryRelative, entryShown]) !== undefined) collected.excluded.push(entryShown);
        else addFile(path, entryShown);
      }
    }
  };

  for (const given of paths) {
    if (given === '-') {
      if (!stdin) collected.inputs.push({ kind: 'stdin' });
      stdin = true;
      continue;
    }
    const path = resolve(cwd, given);
    // As given, tidied (`./a.yaml` is `a.yaml`), so one file keeps one name for baselines.
    const shown = givenPath(normalize(given));
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      collected.problems.push({ shown, message: `cannot read: ${systemMessage(error)}` });
      continue;
    }
    const glob = matching(stats.isDirectory() ? [shown, `${shown.replace(/\/$/, '')}/`] : [shown]);
    if (glob !== undefined) {
      collected.excluded.push(shown);
      collected.excludedByName.push({ shown, glob });
    } else if (stats.isDirectory()) walk(path, shown, '');
    else addFile(path, shown); // named explicitly: scanned whatever its extension (or a pipe such as /dev/fd/63)
  }
  return collected;
}

/** Manifest extensions, except jobsentinel's own config files, which sit among the manifests they tune. */
function isManifestName(name: string): boolean {
  return MANIFEST_EXTENSIONS.has(extname(name).toLowerCase()) && !(CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** `ENOENT: no such file or directory, stat '/x'` → `no such file or directory`. */
export function systemMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const match = /^[A-Z]+: ([^,]+)/.exec(message);
  return match ? match[1] : code ?? message;
}
