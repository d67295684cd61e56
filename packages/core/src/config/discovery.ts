import { CONFIG_FILE_NAMES } from './parse-config.js';

/**
 * What config discovery needs from a host: Node reads the disk, the browser server asks the editor.
 * Paths are the host's own (POSIX, Windows or URL paths); discovery only splits and joins them.
 */
export interface ConfigFileAccess {
  /** The file's text, or null when there is no file at `path`. Throws when it exists but cannot be read. */
  readText(path: string): Promise<string | null>;
  /** Whether anything (file or folder) is at `path`: a `.git` entry marks a repository root. */
  exists(path: string): Promise<boolean>;
}

/** The part of Node's `fs/promises` (or a runtime's that mimics it: Bun, Deno's `node:fs`) config lookup reads through. */
export interface NodeStyleFileSystem {
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  access(path: string): Promise<void>;
}

/**
 * Config files on a disk, for the Node hosts (the CLI, the language server): a path with no file (or a
 * folder, or a path through a file) reads as null; any other failure (permissions, I/O) is an error the
 * host reports, since that file might be the one meant to tune the scan. The core itself does no I/O:
 * the host hands in its `fs/promises`.
 */
export function diskConfigFileAccess(fs: NodeStyleFileSystem): ConfigFileAccess {
  return {
    async readText(path) {
      try {
        return await fs.readFile(path, 'utf8');
      } catch (error) {
        const code = (error as { code?: unknown } | null)?.code;
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
        throw error;
      }
    },
    async exists(path) {
      try {
        await fs.access(path);
        return true;
      } catch {
        return false;
      }
    },
  };
}

export interface FoundConfigFile {
  path: string;
  text: string;
}

/** The entry whose presence makes a folder a repository root (a folder, or a file in worktrees and submodules). */
export const REPOSITORY_MARKER = '.git';

/**
 * Finds the `.jobsentinel.yaml` (or `.yml`) that applies to a file: the nearest one from the file's
 * folder upwards, but never above a trust boundary. A config file switches indicators off, so one
 * planted in a parent folder (a world-writable `/tmp` on a shared runner, a home folder) must not
 * apply. The boundary is the repository root (the nearest folder holding `.git`); outside a
 * repository it is the working folder (`stopFolder`: the CLI's current folder, the editor's workspace
 * folder), and for a file outside that too, only the file's own folder is read.
 *
 * One implementation for every host; lookups are cached per folder (call `forget` after files change).
 */
export class ConfigDiscovery {
  private readonly byFolder = new Map<string, Promise<FoundConfigFile | null>>();
  private readonly markers = new Map<string, Promise<boolean>>();
  private readonly stop: string | undefined;

  constructor(
    private readonly access: ConfigFileAccess,
    stopFolder?: string,
  ) {
    this.stop = stopFolder === undefined ? undefined : ancestorFolders(withTrailingSeparator(stopFolder))[0];
  }

  /** The config file for `filePath`, or null when none applies. */
  find(filePath: string): Promise<FoundConfigFile | null> {
    const folders = ancestorFolders(filePath);
    const key = folders[0];
    let pending = this.byFolder.get(key);
    if (!pending) {
      pending = this.search(folders);
      this.byFolder.set(key, pending);
    }
    return pending;
  }

  forget(): void {
    this.byFolder.clear();
    this.markers.clear();
  }

  private async search(folders: readonly string[]): Promise<FoundConfigFile | null> {
    const last = await this.boundary(folders);
    for (const folder of folders.slice(0, last + 1)) {
      for (const name of CONFIG_FILE_NAMES) {
        const path = folder + name;
        const text = await this.access.readText(path);
        if (text !== null) return { path, text };
      }
    }
    return null;
  }

  /** Index in `folders` of the last folder that may hold the config. */
  private async boundary(folders: readonly string[]): Promise<number> {
    for (let index = 0; index < folders.length; index++) {
      if (await this.isRepositoryRoot(folders[index])) return index;
    }
    const stop = this.stop === undefined ? -1 : folders.indexOf(this.stop);
    return Math.max(stop, 0);
  }

  private isRepositoryRoot(folder: string): Promise<boolean> {
    let pending = this.markers.get(folder);
    if (!pending) {
      pending = this.access.exists(folder + REPOSITORY_MARKER).catch(() => false);
      this.markers.set(folder, pending);
    }
    return pending;
  }
}

/**
 * The folders from `filePath`'s folder upwards, nearest first, each ending in a separator. Keeps the
 * path's own separator and root (POSIX `/`, a Windows drive `C:\`, a UNC share `\\server\share\`).
 * A path ending in a separator names a folder; a relative path climbs only as far as it names folders
 * (`../x.yaml` stops at `../`).
 */
export function ancestorFolders(filePath: string): string[] {
  const windows = filePath.includes('\\') || /^[A-Za-z]:/.test(filePath);
  const separator = filePath.includes('\\') ? '\\' : '/';
  let root = (windows ? /^(?:\\\\[^\\/]+[\\/][^\\/]+[\\/]?|[A-Za-z]:[\\/]?|[\\/])?/ : /^\/?/).exec(filePath)![0];
  if (root.startsWith('\\\\') && !/[\\/]$/.test(root)) root += separator;
  const segments = filePath.slice(root.length).split(windows ? /[\\/]+/ : /\/+/);
  if (!/[\\/]$/.test(filePath)) segments.pop();
  const names = segments.filter((segment) => segment !== '' && segment !== '.');
  const folders: string[] = [];
  for (let depth = names.length; depth >= 0; depth--) {
    folders.push(root + names.slice(0, depth).map((segment) => segment + separator).join(''));
    if (depth > 0 && names[depth - 1] === '..') break;
  }
  return folders;
}

function withTrailingSeparator(folder: string): string {
  return /[\\/]$/.test(folder) ? folder : folder + (folder.includes('\\') ? '\\' : '/');
}
