import * as vscode from 'vscode';
import { STARTER_CONFIG } from './starter-config.js';

/**
 * "JobSentinel: Create Config File": writes the starter config into a workspace folder (asking which,
 * when there are several) and opens it. An existing config file is opened, never overwritten.
 */
export async function createConfigFileCommand(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage('JobSentinel: open a folder first; the config file goes at its root.');
    return undefined;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for .jobsentinel.yaml' });
  if (!folder) return undefined;
  for (const name of ['.jobsentinel.yaml', '.jobsentinel.yml']) {
    const existing = vscode.Uri.joinPath(folder.uri, name);
    if (await exists(existing)) {
      await vscode.window.showTextDocument(existing);
      void vscode.window.showInformationMessage(`JobSentinel: ${name} already exists in ${folder.name}; opened it instead.`);
      return existing;
    }
  }
  const uri = vscode.Uri.joinPath(folder.uri, '.jobsentinel.yaml');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(STARTER_CONFIG));
  await vscode.window.showTextDocument(uri);
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
