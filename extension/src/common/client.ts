import * as vscode from 'vscode';
import type { LanguageClientOptions } from 'vscode-languageclient';
import { WorkspaceTrustedNotification, type InitializationOptions } from '@jobsentinel/language-server/protocol.js';

/** What both the desktop and the web client send the server. */
export function clientOptions(output: vscode.OutputChannel): LanguageClientOptions {
  const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted };
  return {
    documentSelector: [{ language: 'yaml' }, { language: 'json' }, { language: 'jsonc' }],
    outputChannel: output,
    initializationOptions,
  };
}

/** The server reads the workspace's config file only once the user trusts the workspace. */
export function forwardWorkspaceTrust(client: { sendNotification(type: typeof WorkspaceTrustedNotification): Promise<void> }): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(WorkspaceTrustedNotification));
}
