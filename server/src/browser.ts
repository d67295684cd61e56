import { configSearchPaths } from '@jobsentinel/core';
import { BrowserMessageReader, BrowserMessageWriter, createConnection, type Connection } from 'vscode-languageserver/browser.js';
import { ReadFileRequest, type ReadFileResult } from './protocol.js';
import { startServer, type ConfigFile, type ServerHost } from './service.js';

/**
 * A web worker has no file system: config files are read through the client (`jobsentinel/readFile`),
 * looked up as the CLI does, from the document's folder upwards. A client that does not answer
 * simply leaves the settings alone in charge.
 */
class ClientFileHost implements ServerHost {
  /** Folder URI → the config file found from there upwards. */
  private readonly lookups = new Map<string, Promise<ConfigFile | undefined>>();

  constructor(private readonly connection: Connection) {}

  async findConfigFile(documentUri: string, configPath: string | undefined, workspaceFolders: readonly string[]): Promise<ConfigFile | undefined> {
    if (configPath) {
      const folder = workspaceFolders.find((uri) => documentUri.startsWith(uri.replace(/\/?$/, '/')));
      const uri = new URL(configPath, (folder ?? documentUri).replace(/\/?$/, '/')).href;
      const text = await this.read(uri);
      if (text === null) throw new Error(`${configPath} does not exist`);
      return { uri, fileName: configPath, text };
    }
    const folder = new URL('.', documentUri).href;
    let pending = this.lookups.get(folder);
    if (!pending) {
      pending = this.search(folder);
      this.lookups.set(folder, pending);
    }
    return pending;
  }

  configFilesChanged(): void {
    this.lookups.clear();
  }

  private async search(folder: string): Promise<ConfigFile | undefined> {
    for (const path of configSearchPaths(new URL(folder).pathname)) {
      const uri = new URL(path, folder).href;
      const text = await this.read(uri);
      if (text !== null) return { uri, fileName: decodeURIComponent(new URL(uri).pathname), text };
    }
    return undefined;
  }

  private async read(uri: string): Promise<ReadFileResult> {
    try {
      return await this.connection.sendRequest(ReadFileRequest, { uri });
    } catch {
      return null;
    }
  }
}

const scope = self as unknown as Worker;
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
startServer(connection, new ClientFileHost(connection));
