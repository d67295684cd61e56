import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node.js';
import { activateWith } from '../common/activate.js';
import { clientOptions } from '../common/client.js';
import { nodeFileAccess } from './file-access.js';

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('JobSentinel');
  const module = context.asAbsolutePath('dist/server-node.js');
  const client = new LanguageClient(
    'jobsentinel',
    'JobSentinel',
    { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } },
    clientOptions(output),
  );
  context.subscriptions.push(output);
  activateWith(context, client, nodeFileAccess, output);
}

export function deactivate(): void {
  // The client is stopped through the context's subscriptions.
}
