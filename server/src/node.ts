import { access, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigDiscovery, diskConfigFileAccess, type PatternEngine } from '@jobsentinel/core';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { commandLineAnswer } from './command-line.js';
import { startServer, type ConfigFile, type ServerHost, type WorkspaceEntry } from './service.js';

/**
 * Reads config files from disk: `configPath` (relative to the workspace folder) or the one the core's
 * config discovery finds, with the CLI's trust boundary: never above the repository root or, outside a
 * repository, the workspace folder (the editor's working folder).
 */
class FileSystemHost implements ServerHost {
  /** Stop folder (the workspace folder, '' for none) → its discovery, which caches lookups per folder. */
  private readonly discoveries = new Map<string, ConfigDiscovery>();

  async findConfigFile(documentUri: string, configPath: string | undefined, workspaceFolders: readonly string[]): Promise<ConfigFile | undefined> {
    if (!documentUri.startsWith('file:')) return undefined;
    const documentPath = fileURLToPath(documentUri);
    const folder = workspaceFolders.map((uri) => fileURLToPath(uri)).find((path) => documentPath.startsWith(path + sep));
    if (configPath) {
      const path = isAbsolute(configPath) ? configPath : resolve(folder ?? dirname(documentPath), configPath);
      // A configured file that cannot be read is an error worth seeing, not a silent fallback.
      return { uri: pathToFileURL(path).href, fileName: path, text: await readFile(path, 'utf8') };
    }
    let discovery = this.discoveries.get(folder ?? '');
    if (!discovery) {
      discovery = new ConfigDiscovery(diskAccess, folder);
      this.discoveries.set(folder ?? '', discovery);
    }
    const found = await discovery.find(documentPath);
    return found ? { uri: pathToFileURL(found.path).href, fileName: found.path, text: found.text } : undefined;
  }

  configFilesChanged(): void {
    this.discoveries.clear();
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
}

/** The disk as config discovery sees it: a missing file is null, any other failure is an error. */
const diskAccess = diskConfigFileAccess({ readFile, access });

const answer = commandLineAnswer(process.argv.slice(2));
if (answer) {
  // Started by a person (--help, --version, or no connection flag): answer and exit, no stack trace.
  if (answer.stdout) process.stdout.write(answer.stdout);
  if (answer.stderr) process.stderr.write(answer.stderr);
  process.exitCode = answer.status;
} else {
  const connection = createConnection(ProposedFeatures.all);
  // A failure nobody awaited must cost one feature, not the editor's whole language server.
  process.on('unhandledRejection', (reason) => connection.console.error(`jobsentinel: unhandled: ${reason instanceof Error ? reason.stack : String(reason)}`));
  // Custom patterns run on re2-wasm in Node (README.md, "Configuration"). A bundle shipped without re2.wasm falls back to the core's
  // linear-time engine, which gives the same answers, rather than leaving the editor without a server.
  void loadPatternEngine().then((patternEngine) => startServer(connection, new FileSystemHost(), { patternEngine }));
}

async function loadPatternEngine(): Promise<PatternEngine | undefined> {
  try {
    return (await import('@jobsentinel/re2-engine')).re2PatternEngine;
  } catch (error) {
    process.stderr.write(`jobsentinel: re2-wasm unavailable, custom patterns use the linear-time engine: ${String(error instanceof Error ? error.message : error).split('\n')[0]}\n`);
    return undefined;
  }
}
