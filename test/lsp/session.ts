// A minimal LSP client for tests: spawns the server bin over stdio and speaks JSON-RPC to it with
// the protocol library VS Code itself uses, recording what a real editor would receive.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVER_BIN = `${ROOT}node_modules/.bin/jobsentinel-language-server`;

export const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

export interface SessionOptions {
  /** What the server gets for `workspace/configuration` (section jobsentinel). */
  settings?: Record<string, unknown>;
  workspaceFolder?: string;
  capabilities?: ClientCapabilities;
  initializationOptions?: Record<string, unknown>;
  /** Another server executable (an installed package's bin) and its environment. */
  serverBin?: string;
  env?: NodeJS.ProcessEnv;
}

export class LspSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  readonly messages: string[] = [];
  readonly registrations: string[] = [];
  settings: Record<string, unknown>;
  /** Everything the server wrote, for responses to messages sent with `sendRaw`. */
  rawOutput = '';
  private waiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const child = spawn(options.serverBin ?? SERVER_BIN, ['--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(child, connection, options.settings ?? {});
    child.stderr!.on('data', (chunk) => session.logs.push(String(chunk)));
    child.stdout!.on('data', (chunk: Buffer) => session.record(() => (session.rawOutput += chunk.toString('utf8'))));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => session.record(() => session.published.push(params)));
    connection.onNotification(LogMessageNotification.type, (params) => session.record(() => session.logs.push(params.message)));
    connection.onNotification(ShowMessageNotification.type, (params) => session.record(() => session.messages.push(params.message)));
    connection.onRequest(ShowMessageRequest.type, (params) => {
      session.record(() => session.messages.push(params.message));
      return null;
    });
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => (item.section === 'jobsentinel' ? session.settings : null)));
    connection.onRequest(RegistrationRequest.type, (params) => {
      session.record(() => session.registrations.push(...params.registrations.map((registration) => registration.method)));
    });
    connection.listen();
    const folder = options.workspaceFolder ?? ROOT;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href.replace(/\/$/, ''), name: 'workspace' }],
      capabilities: options.capabilities ?? CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  private record(action: () => void): void {
    action();
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the first recorded value the predicate accepts (now or later); fails after `timeoutMs`. */
  async waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.process.exitCode !== null) {
        throw new Error(`timed out waiting for ${what}; server ${this.process.exitCode === null ? 'alive' : 'exited'}; logs:\n${this.logs.join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The diagnostics published for a document version (the server sends the version it checked). */
  diagnosticsFor(uri: string, version = this.versions.get(uri)): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri} v${version}`, () => this.published.findLast((params) => params.uri === uri && params.version === version));
  }

  open(uri: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  close(uri: string): Promise<void> {
    this.versions.delete(uri);
    this.texts.delete(uri);
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Writes messages in one chunk, bypassing the client library (which would answer its own cancellations). */
  sendRaw(messages: object[]): Promise<void> {
    const frames = messages.map((message) => {
      const body = JSON.stringify(message);
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    });
    return new Promise((resolve, reject) => this.process.stdin!.write(frames.join(''), (error) => (error ? reject(error) : resolve())));
  }

  /** The server's response to a request sent with `sendRaw`. */
  rawResponse(id: string): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
    return this.waitFor(`the response to ${id}`, () => {
      for (const match of this.rawOutput.matchAll(/Content-Length: (\d+)\r\n\r\n/g)) {
        const start = match.index! + match[0].length;
        const body = Buffer.from(this.rawOutput.slice(start), 'utf8').subarray(0, Number(match[1])).toString('utf8');
        try {
          const message = JSON.parse(body) as { id?: unknown; result?: unknown; error?: { code: number; message: string } };
          if (message.id === id) return message;
        } catch {
          // not complete yet
        }
      }
      return undefined;
    });
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    return this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { jobsentinel: settings } });
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      this.process.kill();
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    if (this.alive) this.process.kill();
    this.connection.dispose();
  }
}

/** Applies LSP text edits (any order, non-overlapping) to a text. */
export function applyTextEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (position: { line: number; character: number }) => lineStarts[position.line] + position.character;
  let result = text;
  for (const edit of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  }
  return result;
}
