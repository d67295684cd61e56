import { access, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configSearchPaths, type PatternEngine } from '@jobsentinel/core';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer, type ConfigFile, type ServerHost, type WorkspaceEntry } from './service.js';

/** Reads config files from disk: `configPath` (relative to the workspace folder) or the nearest `.jobsentinel.yaml` upwards, as the CLI finds it. */
class FileSystemHost implements ServerHost {
  /** Directory → the config file found from there upwards (null: none). */
  private readonly lookups = new Map<string, Promise<string | null>>();

  async findConfigFile(documentUri: string, configPath: string | undefined, workspaceFolders: readonly string[]): Promise<ConfigFile | undefined> {
    if (!documentUri.startsWith('file:')) return undefined;
    const documentPath = fileURLToPath(documentUri);
    const folder = workspaceFolders.map((uri) => fileURLToPath(uri)).find((path) => documentPath.startsWith(path + '/'));
    if (configPath) {
      const path = isAbsolute(configPath) ? configPath : resolve(folder ?? dirname(documentPath), configPath);
      // A configured file that cannot be read is an error worth seeing, not a silent fallback.
      return this.read(path);
    }
    const found = await this.lookup(dirname(documentPath));
    return found ? this.read(found) : undefined;
  }

  configFilesChanged(): void {
    this.lookups.clear();
  }

  /** Breadth-first, in name order; symbolic links are not followed, so a link loop cannot trap the walk. */
  async *listFiles(folderUri: string, skip: (relativePath: string, isDirectory: boolean) => boolean): AsyncIterable<WorkspaceEntry> {
    if (!folderUri.startsWith('file:')) return;
    const root = fileURLToPath(folderUri);
    const folders = [''];
    while (folders.length > 0) {
      const folder = folders.shift()!;
      let entries;
      try {
        entries = await readdir(join(root, folder), { withFileTypes: true });
      } catch (error) {
        yield { relativePath: folder || '.', error: error instanceof Error ? error.message : String(error) };
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const relativePath = folder ? `${folder}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!skip(relativePath, true)) folders.push(relativePath);
        } else if (entry.isFile() && !skip(relativePath, false)) {
          const path = join(root, relativePath);
          try {
            yield { uri: pathToFileURL(path).href, relativePath, size: (await stat(path)).size };
          } catch (error) {
            yield { relativePath, error: error instanceof Error ? error.message : String(error) };
          }
        }
      }
    }
  }

  readFile(uri: string): Promise<string> {
    return readFile(fileURLToPath(uri), 'utf8');
  }

  private async read(path: string): Promise<ConfigFile> {
    return { uri: pathToFileURL(path).href, fileName: path, text: await readFile(path, 'utf8') };
  }

  private lookup(directory: string): Promise<string | null> {
    let pending = this.lookups.get(directory);
    if (!pending) {
      pending = firstExisting(configSearchPaths(directory + sep));
      this.lookups.set(directory, pending);
    }
    return pending;
  }
}

async function firstExisting(paths: readonly string[]): Promise<string | null> {
  for (const path of paths) {
    try {
      await access(path);
      return path;
    } catch {
      // not here: try the next folder up
    }
  }
  return null;
}

const connection = createConnection(ProposedFeatures.all);
// A failure nobody awaited must cost one feature, not the editor's whole language server.
process.on('unhandledRejection', (reason) => connection.console.error(`jobsentinel: unhandled: ${reason instanceof Error ? reason.stack : String(reason)}`));
// Custom patterns run on re2-wasm (SPEC 3). A bundle shipped without re2.wasm falls back to the core's
// linear-time engine, which gives the same answers, rather than leaving the editor without a server.
void loadPatternEngine().then((patternEngine) => startServer(connection, new FileSystemHost(), { patternEngine }));

async function loadPatternEngine(): Promise<PatternEngine | undefined> {
  try {
    return (await import('@jobsentinel/re2-engine')).re2PatternEngine;
  } catch (error) {
    process.stderr.write(`jobsentinel: re2-wasm unavailable, custom patterns use the linear-time engine: ${String(error instanceof Error ? error.message : error).split('\n')[0]}\n`);
    return undefined;
  }
}
