import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser.js';
import { activateWith } from '../common/activate.js';
import { clientOptions } from '../common/client.js';
import { workspaceFileAccess } from '../common/files.js';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('JobSentinel');
  const worker = new Worker(vscode.Uri.joinPath(context.extensionUri, 'dist/server-web.js').toString(true));
  const client = new LanguageClient('jobsentinel', 'JobSentinel', clientOptions(output), worker);
  context.subscriptions.push(output, { dispose: () => worker.terminate() });
  await activateWith(context, client, workspaceFileAccess);
}

export function deactivate(): void {
  // The client and its worker are stopped through the context's subscriptions.
}
