import { DEFAULT_CONFIG, isExcluded, pathGlob, ScanMemo, type JobSentinelConfig, type PatternEngine } from '@jobsentinel/core';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ShowMessageNotification,
  MarkupKind,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseDocument, type DocumentAnalysis } from './analysis.js';
import { readConfig, type ConfigResult } from './config.js';
import { SOURCE, toLspRange } from './diagnostics.js';
import { hoverAt } from './hover.js';
import { quickFixesFor } from './quick-fixes.js';
import { AnalyseRequest, ResolveConfigRequest, WorkspaceTrustedNotification, type AnalyseResult, type InitializationOptions } from './protocol.js';
import { WorkspaceSources } from './workspace-sources.js';
import { configPathOf, mergeConfig, settingsAsConfigFragment, workspaceScanSettings, type ClientSettings, type WorkspaceScanSettings } from './settings.js';

/** Re-check this long after the last keystroke: long enough to skip mid-word states, short enough to feel live. */
export const DEBOUNCE_MS = 200;

const LANGUAGES = new Set(['yaml', 'json', 'jsonc']);
/** For clients that send no language id (or their own): judge by the file name. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const CONFIG_FILE = /(^|\/)\.jobsentinel\.ya?ml$/;

export interface ConfigFile {
  uri: string;
  /** For messages: the path as a person would recognise it. */
  fileName: string;
  text: string;
}

/** A file found under a workspace folder, or a folder that could not be read. */
export type WorkspaceEntry = { uri: string; relativePath: string; size: number } | { relativePath: string; error: string };

/** What differs between the Node and the web-worker server: access to files. */
export interface ServerHost {
  /**
   * The files under a workspace folder, walked without following symbolic links; `skip` (given a
   * folder-relative path with `/` separators) prunes folders and files. Hosts without a file system
   * leave it out, and then only open files are checked.
   */
  listFiles?(folderUri: string, skip: (relativePath: string, isDirectory: boolean) => boolean): AsyncIterable<WorkspaceEntry>;
  readFile?(uri: string): Promise<string>;
  /** The config file that applies to a document: `configPath`, else `.jobsentinel.yaml` found from its folder upwards. */
  findConfigFile?(documentUri: string, configPath: string | undefined, workspaceFolders: readonly string[]): Promise<ConfigFile | undefined>;
  /** Forget cached lookups after config files changed on disk. */
  configFilesChanged?(): void;
}

export interface ServerOptions {
  /** Runs `custom.patterns`: re2-wasm in Node; the core's linear-time engine (the default) in a web worker. */
  patternEngine?: PatternEngine;
}

export function startServer(connection: Connection, host: ServerHost, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, DocumentAnalysis>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const settingsCache = new Map<string, Promise<ClientSettings | null>>();
  const reportedWarnings = new Set<string>();
  let capabilities: ClientCapabilities = {};
  let workspaceFolders: string[] = [];
  let pushedSettings: ClientSettings | null = null;
  let workspaceTrusted = true;
  /** Files never opened whose findings the workspace scan published (to clear them when they leave its scope). */
  const publishedFromDisk = new Set<string>();
  /** Bumped by each workspace scan; an older scan still running stops at its next file. */
  let scanGeneration = 0;
  /** ConfigMaps and Secrets of every document read: scripts a job loads from another document. */
  const sources = new WorkspaceSources();
  /** What the session remembers between analyses: an unchanged container is not modelled again on every keystroke. */
  const memo = new ScanMemo();

  /** Analyses a text, after taking in its ConfigMaps; when those changed, the open documents are checked again. */
  const analyseText = (uri: string, version: number, text: string, config: JobSentinelConfig): DocumentAnalysis => {
    if (sources.update(uri, text)) recheckOthers(uri);
    return analyseDocument(uri, version, text, config, options.patternEngine, sources.lookup(uri), memo);
  };

  const log = (context: string, error: unknown) =>
    connection.console.error(`jobsentinel: ${context}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => folder.uri);
    if (workspaceFolders.length === 0 && params.rootUri) workspaceFolders = [params.rootUri];
    const initialization = (params.initializationOptions ?? {}) as InitializationOptions;
    if (initialization.settings) pushedSettings = initialization.settings;
    if (initialization.workspaceTrusted === false) workspaceTrusted = false;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'jobsentinel-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'jobsentinel' }).catch((error) => log('register configuration', error));
    }
    if (host.findConfigFile && capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      // Manifests too: the workspace scan keeps files nobody opened up to date as they change on disk.
      const watchers = [{ globPattern: '**/.jobsentinel.{yaml,yml}' }, ...(host.listFiles ? [{ globPattern: '**/*.{yaml,yml,json}' }] : [])];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error) => log('register file watcher', error));
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        const removed = new Set(event.removed.map((folder) => folder.uri));
        workspaceFolders = [...workspaceFolders.filter((uri) => !removed.has(uri)), ...event.added.map((folder) => folder.uri)];
        recheckAll();
        scanWorkspaceInBackground();
      });
    }
    scanWorkspaceInBackground();
  });

  connection.onDidChangeConfiguration((params) => {
    settingsCache.clear();
    const pushed = (params.settings as { jobsentinel?: ClientSettings } | null | undefined)?.jobsentinel;
    if (pushed !== undefined) pushedSettings = pushed;
    recheckAll();
    scanWorkspaceInBackground();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((change) => CONFIG_FILE.test(change.uri))) {
      // A config file applies to many files: everything is checked again.
      host.configFilesChanged?.();
      recheckAll();
      scanWorkspaceInBackground();
      return;
    }
    for (const change of changes) {
      if (documents.get(change.uri)) continue;
      if (change.type === FileChangeType.Deleted) clearFromDisk(change.uri);
      else checkOnDisk(change.uri).catch((error) => log(`checking ${change.uri}`, error));
    }
  });

  connection.onNotification(WorkspaceTrustedNotification, () => {
    workspaceTrusted = true;
    host.configFilesChanged?.();
    recheckAll();
    scanWorkspaceInBackground();
  });

  connection.onRequest(ResolveConfigRequest, async (params) => {
    try {
      return await configFor(params.uri);
    } catch (error) {
      log('resolving the config', error);
      return DEFAULT_CONFIG;
    }
  });

  connection.onRequest(AnalyseRequest, async (params, token): Promise<AnalyseResult | ResponseError<void>> => {
    const files: AnalyseResult['files'] = [];
    const batch = Array.isArray(params?.documents) ? params.documents : [];
    // A batch is a scan of its own: every document's ConfigMaps are known before any is judged.
    const local = new WorkspaceSources();
    for (const { uri, text } of batch) if (typeof uri === 'string' && typeof text === 'string') local.update(uri, text);
    for (const { uri, text } of batch) {
      if (token.isCancellationRequested) return cancelled();
      try {
        const analysis = analyseDocument(uri, 0, text, await configFor(uri), options.patternEngine, local.lookup(uri), memo);
        if (analysis.relevant) files.push({ uri, result: analysis.result });
      } catch (error) {
        log(`analysing ${uri}`, error);
      }
    }
    return { files };
  });

  documents.onDidChangeContent(({ document }) => schedule(document.uri, analyses.has(document.uri) ? DEBOUNCE_MS : 0));
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    analyses.delete(document.uri);
    settingsCache.delete(document.uri);
    // In workspace scope a closed file keeps its findings, read again from disk (the editor may have
    // dropped unsaved changes); otherwise they go with it.
    checkOnDisk(document.uri, true).catch((error) => log(`checking ${document.uri}`, error));
  });

  connection.onHover(async (params, token) => {
    try {
      const document = documents.get(params.textDocument.uri);
      if (!document || !isManifest(document)) return null;
      const analysis = await currentAnalysis(document);
      if (token.isCancellationRequested) return cancelled();
      const markdown = capabilities.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? true;
      return hoverAt(analysis, params.position, markdown);
    } catch (error) {
      log('hover', error);
      return null;
    }
  });

  connection.onCodeAction(async (params, token) => {
    try {
      if (params.context.only && !params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
      const document = documents.get(params.textDocument.uri);
      if (!document || !isManifest(document)) return [];
      const analysis = await currentAnalysis(document);
      if (token.isCancellationRequested) return cancelled();
      return codeActions(document, analysis, params.range, params.context.diagnostics, token);
    } catch (error) {
      log('code action', error);
      return [];
    }
  });

  documents.listen(connection);
  connection.listen();

  function schedule(uri: string, delay: number): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        check(uri).catch((error) => log(`checking ${uri}`, error));
      }, delay),
    );
  }

  /** One re-check per open document, each in its own task so requests are answered in between. */
  function recheckAll(): void {
    for (const document of documents.all()) schedule(document.uri, 0);
  }

  /** The open documents other than one whose ConfigMaps changed: a job among them may run one of its scripts. */
  function recheckOthers(uri: string): void {
    for (const document of documents.all()) if (document.uri !== uri && isManifest(document)) schedule(document.uri, DEBOUNCE_MS);
  }

  async function check(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    if (CONFIG_FILE.test(uri)) {
      const result = readConfig(document.getText(), fileNameOf(uri));
      void connection.sendDiagnostics({ uri, version, diagnostics: configDiagnostics(result) });
      host.configFilesChanged?.();
      return;
    }
    if (!isManifest(document)) return;
    const config = await configFor(uri);
    // A newer version arrived while the settings were fetched: its own run is already scheduled.
    if (documents.get(uri)?.version !== version) return;
    const analysis = analyseText(uri, version, document.getText(), config);
    analyses.set(uri, analysis);
    void connection.sendDiagnostics({ uri, version, diagnostics: analysis.diagnostics });
  }

  function scanWorkspaceInBackground(): void {
    scanWorkspace().catch((error) => log('scanning the workspace', error));
  }

  /**
   * Puts the findings of every manifest in the workspace folders into the editor's problems, for
   * folders whose \`jobsentinel.scope\` is \`workspace\` (the default). One file at a time, giving way to
   * the editor's requests in between; files already open are left to their own checks.
   */
  async function scanWorkspace(): Promise<void> {
    if (!host.listFiles || !host.readFile) return;
    const generation = ++scanGeneration;
    const inScope = new Set<string>();
    for (const folder of workspaceFolders) {
      const scan = workspaceScanSettings(await settingsFor(folder));
      if (generation !== scanGeneration) return;
      if (scan.scope !== 'workspace') continue;
      const globs = scan.exclude.map(pathGlob);
      const tooLarge: string[] = [];
      let checked = 0;
      const skip = (path: string, isDirectory: boolean) => isExcluded(path, globs) || (!isDirectory && !scannable(path));
      const entries: Array<{ uri: string; relativePath: string; size: number }> = [];
      for await (const entry of host.listFiles(folder, skip)) {
        if (generation !== scanGeneration) return;
        if ('error' in entry) {
          connection.console.warn(`jobsentinel: workspace scan: cannot read ${entry.relativePath}: ${entry.error}`);
          continue;
        }
        inScope.add(entry.uri);
        if (documents.get(entry.uri)) continue;
        if (entry.size > scan.maxFileBytes) {
          tooLarge.push(entry.relativePath);
          if (publishedFromDisk.has(entry.uri)) clearFromDisk(entry.uri);
          continue;
        }
        entries.push(entry);
      }
      // First every file's ConfigMaps, then the checks: a job may come before the ConfigMap it runs.
      for (const entry of entries) {
        if (generation !== scanGeneration) return;
        await indexOnDisk(entry.uri);
      }
      for (const entry of entries) {
        if (generation !== scanGeneration) return;
        if (documents.get(entry.uri)) continue;
        await checkOnDisk(entry.uri, false, scan);
        checked++;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      if (tooLarge.length > 0) {
        const kb = scan.maxFileBytes / 1024;
        warnOnce(`workspace scan: ${tooLarge.length} file(s) larger than ${kb} KB (jobsentinel.maxFileSizeKB) not scanned: ${tooLarge.slice(0, 10).join(', ')}${tooLarge.length > 10 ? ', …' : ''}`);
      }
      connection.console.info(`jobsentinel: workspace scan of ${folder}: ${checked} files checked, ${tooLarge.length} over the size cap`);
    }
    if (generation !== scanGeneration) return;
    // Findings of files the scan no longer covers (deleted, excluded, or the scope changed) are withdrawn.
    for (const uri of publishedFromDisk) if (!inScope.has(uri) && !documents.get(uri)) clearFromDisk(uri);
  }

  /**
   * Checks a file from disk when the workspace scan covers it; \`always\` publishes even an empty list
   * (a closed file must not keep the findings of its unsaved text).
   */
  async function checkOnDisk(uri: string, always = false, known?: WorkspaceScanSettings): Promise<void> {
    const scan = known ?? (await scanSettingsFor(uri));
    if (!scan || !host.readFile) {
      // Closed and out of the scan: its unsaved ConfigMaps no longer exist anywhere.
      if (sources.forget(uri)) recheckOthers(uri);
      if (always || publishedFromDisk.has(uri)) clearFromDisk(uri);
      return;
    }
    let text: string;
    try {
      text = await host.readFile(uri);
    } catch (error) {
      // Gone or unreadable: whatever was shown for it no longer holds.
      if (always || publishedFromDisk.has(uri)) clearFromDisk(uri);
      if (!always) log(`reading ${uri}`, error);
      return;
    }
    if (text.length > scan.maxFileBytes) return clearFromDisk(uri);
    const analysis = analyseText(uri, 0, text, await configFor(uri));
    if (documents.get(uri)) return;
    if (analysis.diagnostics.length === 0 && !always && !publishedFromDisk.has(uri)) return;
    if (analysis.diagnostics.length > 0) publishedFromDisk.add(uri);
    else publishedFromDisk.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: analysis.diagnostics });
  }

  /** Takes in the ConfigMaps of a file on disk, giving way to the editor's requests after each. */
  async function indexOnDisk(uri: string): Promise<void> {
    try {
      const text = await host.readFile!(uri);
      if (sources.update(uri, text)) recheckOthers(uri);
    } catch {
      // Unreadable: the check that follows reports it.
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }

  function clearFromDisk(uri: string): void {
    publishedFromDisk.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** The scan settings of the workspace folder holding a file, when that folder is scanned and the file is in it. */
  async function scanSettingsFor(uri: string): Promise<WorkspaceScanSettings | undefined> {
    if (!host.listFiles) return undefined;
    const folder = workspaceFolders.find((candidate) => uri.startsWith(candidate.replace(/\/?$/, '/')));
    if (!folder) return undefined;
    const relativePath = decodeURIComponent(uri.slice(folder.replace(/\/?$/, '/').length));
    const scan = workspaceScanSettings(await settingsFor(folder));
    if (scan.scope !== 'workspace' || !scannable(relativePath) || isExcluded(relativePath, scan.exclude.map(pathGlob))) return undefined;
    return scan;
  }

  /** The analysis of the document as it is now (hovers and fixes must not act on a stale version). */
  async function currentAnalysis(document: TextDocument): Promise<DocumentAnalysis> {
    const cached = analyses.get(document.uri);
    if (cached?.version === document.version) return cached;
    const config = await configFor(document.uri);
    const analysis = analyseText(document.uri, document.version, document.getText(), config);
    // Kept for the next request on this version; the scheduled re-check still publishes it.
    if (documents.get(document.uri)?.version === analysis.version) analyses.set(document.uri, analysis);
    return analysis;
  }

  /**
   * Fixes for the findings under the cursor, or for just the diagnostics the editor asks about
   * (a problem picked in a list): overlapping findings, like hostPath and its path, stay apart.
   */
  function codeActions(document: TextDocument, analysis: DocumentAnalysis, range: LspRange, asked: Diagnostic[], token: CancellationToken): CodeAction[] {
    const actions: CodeAction[] = [];
    const allowsComments = document.languageId === 'yaml' || (!LANGUAGES.has(document.languageId) && /\.ya?ml$/i.test(document.uri));
    const ours = asked.filter((diagnostic) => diagnostic.source === SOURCE && typeof diagnostic.code === 'string');
    for (const finding of analysis.result.findings) {
      if (token.isCancellationRequested) break;
      if (!finding.range) continue;
      const findingRange = toLspRange(finding.range);
      const wanted = ours.length > 0
        ? ours.some((diagnostic) => diagnostic.code === finding.indicator && sameRange(diagnostic.range, findingRange))
        : overlaps(findingRange, range);
      if (!wanted) continue;
      const diagnostic = analysis.diagnostics.find((candidate) => candidate.code === finding.indicator && sameRange(candidate.range, findingRange));
      for (const fix of quickFixesFor(analysis, finding, allowsComments)) {
        const edits: TextEdit[] = fix.edits.map((edit) => ({
          range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) },
          newText: edit.newText,
        }));
        const edit = capabilities.workspace?.workspaceEdit?.documentChanges
          ? { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits }] }
          : { changes: { [document.uri]: edits } };
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
          ...(fix.kind === 'fix' ? { isPreferred: true } : {}),
          edit,
        });
      }
    }
    return actions;
  }

  async function configFor(uri: string): Promise<JobSentinelConfig> {
    const settings = await settingsFor(uri);
    const fragment = settingsAsConfigFragment(settings);
    let fileConfig = DEFAULT_CONFIG;
    if (host.findConfigFile && workspaceTrusted) {
      try {
        const file = await host.findConfigFile(uri, configPathOf(settings), workspaceFolders);
        if (file) fileConfig = loadConfigFile(file);
      } catch (error) {
        log(`reading the config file for ${uri}`, error);
        warnOnce(`cannot read the config file: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (Object.keys(fragment).length === 0) return fileConfig;
    const customIds = fileConfig.custom.patterns.map((pattern) => pattern.id);
    const fromSettings = readConfig(JSON.stringify(fragment, null, 1), 'settings (jobsentinel.*)', customIds);
    reportSettingsErrors(fromSettings);
    return mergeConfig(fileConfig, fromSettings.config, fragment);
  }

  function settingsFor(uri: string): Promise<ClientSettings | null> {
    if (!capabilities.workspace?.configuration) return Promise.resolve(pushedSettings);
    let pending = settingsCache.get(uri);
    if (!pending) {
      pending = connection.workspace.getConfiguration({ scopeUri: uri, section: 'jobsentinel' }).then(
        (value: unknown) => (value && typeof value === 'object' ? (value as ClientSettings) : null),
        (error: unknown) => {
          log('workspace/configuration', error);
          return null;
        },
      );
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  const loadedConfigFiles = new Map<string, { text: string; config: JobSentinelConfig }>();

  function loadConfigFile(file: ConfigFile): JobSentinelConfig {
    const known = loadedConfigFiles.get(file.uri);
    if (known?.text === file.text) return known.config;
    const result = readConfig(file.text, file.fileName);
    loadedConfigFiles.set(file.uri, { text: file.text, config: result.config });
    if (!documents.get(file.uri)) void connection.sendDiagnostics({ uri: file.uri, diagnostics: configDiagnostics(result) });
    for (const error of result.errors) connection.console.error(`jobsentinel: ${file.fileName}:${error.range.start.line}:${error.range.start.column}: ${error.message}`);
    return result.config;
  }

  function reportSettingsErrors(result: ConfigResult): void {
    for (const error of result.errors) warnOnce(`settings: ${error.message}`);
  }

  /** Shown once per distinct message: a re-check on every keystroke must not repeat a popup. */
  function warnOnce(message: string): void {
    if (reportedWarnings.has(message)) return;
    reportedWarnings.add(message);
    connection.console.error(`jobsentinel: ${message}`);
    // A notification: `window.showWarningMessage` sends a request, whose refusal by a client would reject unobserved.
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `JobSentinel ${message}` });
  }
}

/** A file the workspace scan reads: YAML or JSON, not a config file. */
function scannable(path: string): boolean {
  return MANIFEST_FILE.test(path) && !CONFIG_FILE.test(path);
}

function isManifest(document: TextDocument): boolean {
  return LANGUAGES.has(document.languageId) || MANIFEST_FILE.test(document.uri);
}

function configDiagnostics(result: ConfigResult): Diagnostic[] {
  return result.errors.map((error) => ({ range: toLspRange(error.range), severity: DiagnosticSeverity.Error, source: SOURCE, message: error.message }));
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

function fileNameOf(uri: string): string {
  return decodeURIComponent(uri.replace(/^file:\/\//, ''));
}

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };

function overlaps(a: LspRange, b: LspRange): boolean {
  return !(compare(a.end, b.start) < 0 || compare(b.end, a.start) < 0);
}

function sameRange(a: LspRange, b: LspRange): boolean {
  return compare(a.start, b.start) === 0 && compare(a.end, b.end) === 0;
}

function compare(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line - b.line || a.character - b.character;
}
