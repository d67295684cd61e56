import * as vscode from 'vscode';
import type { ScanReport } from '@jobsentinel/core';
import type { AuditReport } from '@jobsentinel/core/audit';
import { formatAuditReport } from '@jobsentinel/core/formats';
import type { AuditResults } from './audit-results.js';
import { exportFormats } from './export-formats.js';
import { AnalyseRequest, type AnalyseParams, type AnalyseResult } from '@jobsentinel/language-server/protocol.js';

const MANIFESTS = '**/*.{yaml,yml,json}';
const EXCLUDE = '{**/node_modules/**,**/.git/**}';
const MAX_FILES = 5_000;
const MAX_FILE_BYTES = 5 << 20;
const BATCH = 50;

interface Client {
  sendRequest(type: typeof AnalyseRequest, params: AnalyseParams, token?: vscode.CancellationToken): Promise<AnalyseResult>;
}

/**
 * "JobSentinel: Export Findings": the workspace's manifests (analysed by the server) or the last
 * audit-log scan, written in any format of the core's FORMATTERS table, as the CLI writes them.
 */
export async function exportFindingsCommand(client: Client, version: string, audit: AuditResults | undefined): Promise<vscode.Uri | undefined> {
  let source: 'manifests' | 'audit' = 'manifests';
  if (audit) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Manifests in the workspace', description: 'CronJob and Job files', id: 'manifests' as const },
        { label: `Audit log: ${audit.fileName}`, description: `${audit.summary.matches} matches from the last scan`, id: 'audit' as const },
      ],
      { title: 'JobSentinel: Export Findings', placeHolder: 'What to export' },
    );
    if (!picked) return undefined;
    source = picked.id;
  }
  const picked = await vscode.window.showQuickPick(
    exportFormats(source).map((format) => ({ label: format.label, description: format.description, format })),
    { title: 'JobSentinel: Export Findings', placeHolder: 'Format of the export' },
  );
  if (!picked) return undefined;
  const format = picked.format;
  const folder = vscode.workspace.workspaceFolders?.[0];
  const base = source === 'audit' ? 'jobsentinel-audit' : 'jobsentinel';
  const target = await vscode.window.showSaveDialog({
    title: 'JobSentinel: Export Findings',
    saveLabel: 'Export',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, `${base}.${format.extension}`) } : {}),
    filters: { [format.label]: [format.extension] },
  });
  if (!target) return undefined;
  const options = { toolVersion: version, ...(folder ? { baseUri: folder.uri.toString() + '/' } : {}) };

  let text: string;
  let summary: string;
  if (source === 'audit' && audit) {
    text = formatAuditReport(format, auditReport(audit), options);
    summary = `${audit.matches.length} audit-log match${audit.matches.length === 1 ? '' : 'es'}${audit.dropped > 0 ? ` (of ${audit.matches.length + audit.dropped}: only the kept ones)` : ''}`;
  } else {
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'JobSentinel: analysing the workspace', cancellable: true },
      (progress, token) => workspaceReport(client, progress, token),
    );
    if (!report) return undefined;
    text = format.scan(report, options);
    const findings = report.files.reduce((count, file) => count + file.result.findings.length, 0);
    summary = `${findings} finding${findings === 1 ? '' : 's'} from ${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text.endsWith('\n') ? text : text + '\n'));
  const choice = await vscode.window.showInformationMessage(`JobSentinel: exported ${summary} to ${vscode.workspace.asRelativePath(target)}.`, 'Open');
  if (choice === 'Open') await vscode.window.showTextDocument(target);
  return target;
}

function auditReport(audit: AuditResults): AuditReport {
  return {
    mode: 'structural',
    files: [
      {
        file: vscode.workspace.asRelativePath(audit.uri, false),
        matches: audit.matches,
        uninspectable: audit.uninspectable,
        suppressed: audit.suppressed,
        summary: audit.summary,
        problems: audit.problems,
        formats: audit.formats,
      },
    ],
    errors: [],
  };
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
    const analysed = await client.sendRequest(AnalyseRequest, { documents }, token);
    for (const { uri, result } of analysed.files) {
      report.files.push({ file: vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false), result });
    }
    progress.report({ increment: (BATCH / Math.max(uris.length, 1)) * 100, message: `${Math.min(start + BATCH, uris.length)} of ${uris.length} files` });
  }
  return report;
}
