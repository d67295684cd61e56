import { ConfigDiscovery, type ConfigFileAccess } from '@jobsentinel/core';
import { BrowserMessageReader, BrowserMessageWriter, createConnection, type Connection } from 'vscode-languageserver/browser.js';
import { ExistsRequest, ReadFileRequest, type ReadFileResult } from './protocol.js';
import { startServer, type ConfigFile, type ServerHost } from './service.js';

/**
 * A web worker has no file system: config files are read through the client (`jobsentinel/readFile`,
 * `.git` markers through `jobsentinel/exists`) and found by the core's config discovery, with the same
 * trust boundary as the CLI: never above the repository root or, outside one, the workspace folder.
 * A client that does not answer simply leaves the settings alone in charge.
 */
class ClientFileHost implements ServerHost {
  /** Workspace folder URI ('' for none) → its discovery, which caches lookups per folder. */
  private readonly discoveries = new Map<string, ConfigDiscovery>();

  constructor(private readonly connection: Connection) {}

  async findConfigFile(documentUri: string, configPath: string | undefined, workspaceFolders: readonly string[]): Promise<ConfigFile | undefined> {
    const folder = workspaceFolders.map((uri) => uri.replace(/\/?$/, '/')).find((uri) => documentUri.startsWith(uri));
    if (configPath) {
      const uri = new URL(configPath, folder ?? documentUri).href;
      const text = await this.read(uri);
      if (text === null) throw new Error(`${configPath} does not exist`);
      return { uri, fileName: configPath, text };
    }
    const origin = new URL(documentUri);
    // Discovery works on paths; each path is read back as a URI of the document's own scheme and authority.
    const toUri = (path: string) => new URL(path, origin).href;
    let discovery = this.discoveries.get(folder ?? '');
    if (!discovery) {
      const access: ConfigFileAccess = {
        readText: (path) => this.read(toUri(path)),
        exists: (path) => this.exists(toUri(path)),
      };
      discovery = new ConfigDiscovery(access, folder === undefined ? undefined : new URL(folder).pathname);
      this.discoveries.set(folder ?? '', discovery);
    }
    const found = await discovery.find(origin.pathname);
    return found ? { uri: toUri(found.path), fileName: decodeURIComponent(found.path), text: found.text } : undefined;
  }

  configFilesChanged(): void {
    this.discoveries.clear();
  }

  private async exists(uri: string): Promise<boolean> {
    try {
      return (await this.connection.sendRequest(ExistsRequest, { uri })) === true;
    } catch {
      return false;
    }
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
