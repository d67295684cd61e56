import * as vscode from 'vscode';
import type { JobSentinelConfig } from '@jobsentinel/core';
import { IncidentTracker, scanAuditLog, type AuditMatch, type SuppressedAuditWrite, type UninspectableWrite } from '@jobsentinel/core/audit';
import type { AuditResults, AuditResultsStore } from './audit-results.js';
import type { FileAccess } from './files.js';

/** Enough for any real investigation; beyond it matches (and uninspectable writes) are counted, not kept. */
const MAX_KEPT_MATCHES = 10_000;

export interface AuditScanDependencies {
  files: FileAccess;
  store: AuditResultsStore;
  /** The config (settings over `.jobsentinel.yaml`) that applies to the log, from the language server. */
  resolveConfig(uri: vscode.Uri): Promise<JobSentinelConfig | undefined>;
}

/** "JobSentinel: Scan Audit Log File…": pick a log, scan it with progress and cancel, keep the results. */
export async function scanAuditLogCommand(deps: AuditScanDependencies, given?: vscode.Uri): Promise<AuditResults | undefined> {
  const uri = given ?? (await pickLog());
  if (!uri) return undefined;
  const fileName = uri.path.slice(uri.path.lastIndexOf('/') + 1);

  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `JobSentinel: scanning ${fileName}`, cancellable: true },
    async (progress, token): Promise<AuditResults | undefined> => {
      // Inside the notification: where the file system cannot stream (the web), reading is the slow part.
      progress.report({ message: 'reading…' });
      let opened: { stream: ReadableStream<Uint8Array>; size: number };
      try {
        opened = await deps.files.openStream(uri);
      } catch (error) {
        void vscode.window.showErrorMessage(`JobSentinel: cannot read ${fileName}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
      if (token.isCancellationRequested) return undefined;
      const config = await deps.resolveConfig(uri).catch(() => undefined);
      const abort = new AbortController();
      const cancellation = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      const uninspectable: UninspectableWrite[] = [];
      const suppressed: SuppressedAuditWrite[] = [];
      const scan = scanAuditLog(opened.stream, {
        onUninspectable(write) {
          if (uninspectable.length < MAX_KEPT_MATCHES) uninspectable.push(write);
        },
        onSuppressed(write) {
          if (suppressed.length < MAX_KEPT_MATCHES) suppressed.push(write);
        },
        source: vscode.workspace.asRelativePath(uri, false),
        signal: abort.signal,
        ...(config ? { config } : {}),
        onProgress(bytesRead) {
          if (opened.size === 0) return;
          const percent = Math.min(100, (bytesRead / opened.size) * 100);
          // Whole percents only: a progress event per chunk would flood the UI of a 1 GB scan.
          if (Math.floor(percent) <= reported) return;
          progress.report({ increment: Math.floor(percent) - reported, message: `${megabytes(bytesRead)} of ${megabytes(opened.size)}` });
          reported = Math.floor(percent);
        },
      });
      const matches: AuditMatch[] = [];
      // Every match counts towards its incident, also those beyond the ones kept.
      const incidents = new IncidentTracker();
      let dropped = 0;
      let cancelled = false;
      try {
        for await (const match of scan) {
          incidents.add(match);
          if (matches.length < MAX_KEPT_MATCHES) matches.push(match);
          else dropped++;
        }
      } catch (error) {
        if (!abort.signal.aborted) throw error;
        cancelled = true;
      } finally {
        cancellation.dispose();
      }
      return {
        uri,
        fileName,
        matches,
        dropped,
        incidents: incidents.list(),
        uninspectable,
        suppressed,
        summary: { ...scan.summary },
        problems: [...scan.problems],
        formats: [...scan.formats],
        cancelled,
      } satisfies AuditResults;
    },
  );
  if (!results) return undefined;
  deps.store.set(results);
  void announce(results);
  return results;
}

async function pickLog(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'JobSentinel: Scan Audit Log File',
    openLabel: 'Scan',
    canSelectMany: false,
    filters: { 'Audit logs': ['log', 'json', 'jsonl', 'ndjson', 'gz', 'txt'], 'All files': ['*'] },
  });
  return picked?.[0];
}

async function announce(results: AuditResults): Promise<void> {
  const { summary } = results;
  const parts = [`${summary.matches} suspicious job write${summary.matches === 1 ? '' : 's'} in ${summary.jobWrites} job writes (${summary.events} events)`];
  if (summary.uninspectable > 0) parts.push(`${summary.uninspectable} logged without a body`);
  if (summary.suppressed > 0) parts.push(`${summary.suppressed} hit${summary.suppressed === 1 ? '' : 's'} suppressed by the config's ignore entries`);
  if (summary.malformed > 0) parts.push(`${summary.malformed} malformed`);
  const message = `JobSentinel${results.cancelled ? ' (cancelled)' : ''}: ${results.fileName}: ${parts.join(', ')}.`;
  const show = summary.matches > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(message, 'Show Results');
  if (choice === 'Show Results') await vscode.commands.executeCommand('jobsentinel.auditResults.focus');
}

function megabytes(bytes: number): string {
  if (bytes < 1 << 20) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1 << 20)).toFixed(bytes < 10 << 20 ? 1 : 0)} MB`;
}
