import * as vscode from 'vscode';

/** How the host reads a file as a stream: Node streams from disk, the web build goes through `workspace.fs`. */
export interface FileAccess {
  openStream(uri: vscode.Uri): Promise<{ stream: ReadableStream<Uint8Array>; size: number }>;
}

const CHUNK = 1 << 20;

/** Works everywhere (virtual and remote file systems too), but holds the file in memory. */
export const workspaceFileAccess: FileAccess = {
  async openStream(uri) {
    const bytes = await vscode.workspace.fs.readFile(uri);
    let offset = 0;
    // Handed out in chunks so that the scan reports progress as it goes.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.subarray(offset, offset + CHUNK));
        offset += CHUNK;
      },
    });
    return { stream, size: bytes.byteLength };
  },
};

/**
 * Answers the server's `jobsentinel/readFile`: config files only (`.jobsentinel.yaml`, or any file
 * once `jobsentinel.configPath` names one), as text; null when the file does not exist.
 */
export async function readConfigFile(params: { uri: string }): Promise<string | null> {
  const uri = vscode.Uri.parse(params.uri);
  const configured = vscode.workspace.getConfiguration('jobsentinel', uri).get<string>('configPath', '') !== '';
  if (!configured && !/(^|\/)\.jobsentinel\.ya?ml$/.test(uri.path)) return null;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return null;
  }
}

/**
 * Answers the server's `jobsentinel/exists` for `.git` entries only: the repository root above which
 * config discovery never looks for a `.jobsentinel.yaml`.
 */
export async function repositoryMarkerExists(params: { uri: string }): Promise<boolean> {
  const uri = vscode.Uri.parse(params.uri);
  if (!/(^|\/)\.git$/.test(uri.path)) return false;
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
