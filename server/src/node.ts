import { access, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer, type ConfigFile, type ServerHost } from './service.js';

const CONFIG_NAMES = ['.jobsentinel.yaml', '.jobsentinel.yml'];

/** Reads config files from disk: `configPath` (relative to the workspace folder) or the nearest `.jobsentinel.yaml` upwards. */
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
    const found = await this.lookup(dirname(documentPath), folder);
    return found ? this.read(found) : undefined;
  }

  configFilesChanged(): void {
    this.lookups.clear();
  }

  private async read(path: string): Promise<ConfigFile> {
    return { uri: pathToFileURL(path).href, fileName: path, text: await readFile(path, 'utf8') };
  }

  private lookup(directory: string, stopAt: string | undefined): Promise<string | null> {
    let pending = this.lookups.get(directory);
    if (!pending) {
      pending = this.search(directory, stopAt);
      this.lookups.set(directory, pending);
    }
    return pending;
  }

  private async search(directory: string, stopAt: string | undefined): Promise<string | null> {
    for (const name of CONFIG_NAMES) {
      const candidate = join(directory, name);
      try {
        await access(candidate);
        return candidate;
      } catch {
        // not here
      }
    }
    const parent = dirname(directory);
    if (parent === directory || directory === stopAt) return null;
    return this.lookup(parent, stopAt);
  }
}

const connection = createConnection(ProposedFeatures.all);
startServer(connection, new FileSystemHost());
