import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '@jobsentinel/core';

/** Where one input comes from: a file on disk, or standard input (`-`). */
export type InputSource = { kind: 'file'; path: string } | { kind: 'stdin' };

export interface CollectedInputs {
  inputs: InputSource[];
  /** Paths that do not exist or cannot be listed: the command could not do all it was asked. */
  problems: Array<{ path: string; message: string }>;
}

export const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Folders that hold other people's files or version-control internals, never the user's manifests. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * Expands the command line's paths: files as given (whatever their extension), folders recursively
 * (manifest extensions only, sorted by name so runs are reproducible), `-` as standard input.
 * A file reached twice is scanned once; symbolic-link loops are walked once.
 */
export function collectInputs(paths: readonly string[], cwd: string): CollectedInputs {
  const collected: CollectedInputs = { inputs: [], problems: [] };
  const seenFiles = new Set<string>();
  const seenFolders = new Set<string>();
  let stdin = false;

  const addFile = (path: string): void => {
    const key = realpathOr(path);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    collected.inputs.push({ kind: 'file', path });
  };

  const walk = (folder: string): void => {
    const key = realpathOr(folder);
    if (seenFolders.has(key)) return;
    seenFolders.add(key);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      collected.problems.push({ path: folder, message: `cannot list folder: ${systemMessage(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      let isFolder = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = statOrNull(path);
        isFolder = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isFolder && !SKIPPED_FOLDERS.has(entry.name)) walk(path);
      else if (isFile && isManifestName(entry.name)) addFile(path);
    }
  };

  for (const given of paths) {
    if (given === '-') {
      if (!stdin) collected.inputs.push({ kind: 'stdin' });
      stdin = true;
      continue;
    }
    const path = resolve(cwd, given);
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      collected.problems.push({ path, message: `cannot read: ${systemMessage(error)}` });
      continue;
    }
    if (stats.isDirectory()) walk(path);
    else addFile(path); // named explicitly: scanned whatever its extension (or a pipe such as /dev/fd/63)
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
