import * as vscode from 'vscode';
import { formatJson, formatSarif, type ScanReport } from '@jobsentinel/core';
import { ANALYSE_REQUEST, type AnalyseParams, type AnalyseResult } from '@jobsentinel/language-server/protocol.js';

const MANIFESTS = '**/*.{yaml,yml,json}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
const MAX_FILES = 5_000;
const MAX_FILE_BYTES = 5 << 20;
const BATCH = 50;

interface Client {
  sendRequest<R>(method: string, params: unknown, token?: vscode.CancellationToken): Promise<R>;
}

/** "JobSentinel: Export Findings": every manifest of the workspace, analysed by the server, written as SARIF or JSON. */
export async function exportFindingsCommand(client: Client, version: string): Promise<vscode.Uri | undefined> {
  const format = await vscode.window.showQuickPick(
    [
      { label: 'SARIF 2.1.0', description: 'for code scanning dashboards', id: 'sarif' as const },
      { label: 'JSON', description: 'the jobsentinel scan --format json report', id: 'json' as const },
    ],
    { title: 'JobSentinel: Export Findings', placeHolder: 'Format of the export' },
  );
  if (!format) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const target = await vscode.window.showSaveDialog({
    title: 'JobSentinel: Export Findings',
    saveLabel: 'Export',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, format.id === 'sarif' ? 'jobsentinel.sarif' : 'jobsentinel.json') } : {}),
    filters: format.id === 'sarif' ? { SARIF: ['sarif', 'json'] } : { JSON: ['json'] },
  });
  if (!target) return undefined;

  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'JobSentinel: analysing the workspace', cancellable: true },
    (progress, token) => workspaceReport(client, progress, token),
  );
  if (!report) return undefined;
  const text = format.id === 'sarif' ? formatSarif(report, { toolVersion: version, ...(folder ? { baseUri: folder.uri.toString() + '/' } : {}) }) : formatJson(report);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text.endsWith('\n') ? text : text + '\n'));
  const findings = report.files.reduce((count, file) => count + file.result.findings.length, 0);
  const choice = await vscode.window.showInformationMessage(
    `JobSentinel: exported ${findings} finding${findings === 1 ? '' : 's'} from ${report.files.length} files to ${vscode.workspace.asRelativePath(target)}.`,
    'Open',
  );
  if (choice === 'Open') await vscode.window.showTextDocument(target);
  return target;
}

async function workspaceReport(
  client: Client,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<ScanReport | undefined> {
  const uris = await vscode.workspace.findFiles(MANIFESTS, EXCLUDE, MAX_FILES, token);
  const report: ScanReport = { files: [], errors: [] };
  const decoder = new TextDecoder();
  for (let start = 0; start < uris.length; start += BATCH) {
    if (token.isCancellationRequested) return undefined;
    const documents: AnalyseParams['documents'] = [];
    for (const uri of uris.slice(start, start + BATCH)) {
      const file = vscode.workspace.asRelativePath(uri, false);
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_FILE_BYTES) {
          report.errors.push({ file, message: `skipped: larger than ${MAX_FILE_BYTES >> 20} MB`, skipped: true });
          continue;
        }
        documents.push({ uri: uri.toString(), text: decoder.decode(await vscode.workspace.fs.readFile(uri)) });
      } catch (error) {
        report.errors.push({ file, message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    const analysed = await client.sendRequest<AnalyseResult>(ANALYSE_REQUEST, { documents } satisfies AnalyseParams, token);
    for (const { uri, result } of analysed.files) {
      report.files.push({ file: vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false), result });
    }
    progress.report({ increment: (BATCH / Math.max(uris.length, 1)) * 100, message: `${Math.min(start + BATCH, uris.length)} of ${uris.length} files` });
  }
  return report;
}
