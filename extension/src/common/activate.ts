import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { ExistsRequest, ReadFileRequest, ResolveConfigRequest } from '@jobsentinel/language-server/protocol.js';
import { showAuditDiagnostics } from './audit-diagnostics.js';
import { AuditResultsStore } from './audit-results.js';
import { scanAuditLogCommand } from './audit-scan.js';
import { AuditResultsView, OPEN_EVENT_COMMAND, openAuditEvent } from './audit-view.js';
import { forwardWorkspaceTrust } from './client.js';
import { createConfigFileCommand } from './create-config.js';
import { exportFindingsCommand } from './export.js';
import { readConfigFile, repositoryMarkerExists, type FileAccess } from './files.js';
import { showStatusBar } from './status-bar.js';

/** What the desktop and the web extension share once each has made its language client. */
export function activateWith(context: vscode.ExtensionContext, client: BaseLanguageClient, files: FileAccess, output: vscode.OutputChannel): void {
  const store = new AuditResultsStore();
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0.0.0');
  const resolveConfig = async (uri: vscode.Uri) =>
    client.sendRequest(ResolveConfigRequest, { uri: uri.toString() });

  context.subscriptions.push(
    store,
    new AuditResultsView(store),
    showAuditDiagnostics(store),
    showStatusBar(store),
    forwardWorkspaceTrust(client),
    vscode.commands.registerCommand('jobsentinel.scanAuditLog', (uri?: vscode.Uri) =>
      scanAuditLogCommand({ files, store, resolveConfig }, uri instanceof vscode.Uri ? uri : undefined),
    ),
    // The explorer's context menu on *.log, *.json and *.gz: the file it was opened on, no picker.
    vscode.commands.registerCommand('jobsentinel.scanAuditLogFile', (uri?: vscode.Uri) =>
      uri instanceof vscode.Uri ? scanAuditLogCommand({ files, store, resolveConfig }, uri) : undefined,
    ),
    vscode.commands.registerCommand('jobsentinel.createConfigFile', createConfigFileCommand),
    vscode.commands.registerCommand('jobsentinel.clearAuditResults', () => store.set(undefined)),
    vscode.commands.registerCommand('jobsentinel.exportFindings', () => exportFindingsCommand(client, version, store.results)),
    vscode.commands.registerCommand(OPEN_EVENT_COMMAND, openAuditEvent),
    { dispose: () => void client.stop() },
  );
  // The web-worker server has no file system: it reads .jobsentinel.yaml through the editor.
  client.onRequest(ReadFileRequest, readConfigFile);
  client.onRequest(ExistsRequest, repositoryMarkerExists);
  // Not awaited: commands must work while the server starts, and a server that fails to start
  // must not leave the extension "activating" for ever.
  client.start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    output.appendLine(`The JobSentinel language server did not start: ${message}`);
    void vscode.window.showErrorMessage(`JobSentinel: the language server did not start (${message}).`);
  });
}
