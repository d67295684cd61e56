import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser.js';
import { activateWith } from '../common/activate.js';
import { clientOptions } from '../common/client.js';
import { workspaceFileAccess } from '../common/files.js';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('JobSentinel');
  const worker = await startServerWorker(context.extensionUri);
  const client = new LanguageClient('jobsentinel', 'JobSentinel', clientOptions(output), worker);
  context.subscriptions.push(output, { dispose: () => worker.terminate() });
  activateWith(context, client, workspaceFileAccess, output);
}

/**
 * The server bundle is read through the workspace file system and started from a blob: URL. The
 * extension's own URI is not always one a Worker may load (a remote host serves it under
 * `vscode-remote://`), but its bytes can always be read.
 */
async function startServerWorker(extensionUri: vscode.Uri): Promise<Worker> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist/server-web.js'));
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
  return new Worker(url, { name: 'jobsentinel-language-server' });
}

export function deactivate(): void {
  // The client and its worker are stopped through the context's subscriptions.
}
