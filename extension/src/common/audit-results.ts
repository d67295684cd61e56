import * as vscode from 'vscode';
import type { AuditIncident, AuditMatch, AuditProblem, AuditSummary, SuppressedAuditWrite, UninspectableWrite } from '@jobsentinel/core/audit';

/** The latest audit-log scan: what the results view, the log's diagnostics and the status bar show. */
export interface AuditResults {
  uri: vscode.Uri;
  fileName: string;
  matches: AuditMatch[];
  /** Matches beyond those kept (a huge log with thousands of matches keeps memory bounded). */
  dropped: number;
  /** Every match grouped by object, kept or not: what the results view leads with. */
  incidents: AuditIncident[];
  /** Job writes logged without a body, as many as are kept (`summary.uninspectable` counts them all). */
  uninspectable: UninspectableWrite[];
  /** Job writes with hits the config's ignore entries suppressed, as many as are kept (`summary.suppressed` counts the hits). */
  suppressed: SuppressedAuditWrite[];
  summary: AuditSummary;
  problems: readonly AuditProblem[];
  formats: string[];
  /** The user cancelled: the results cover the log up to where the scan stopped. */
  cancelled: boolean;
}

export class AuditResultsStore {
  private current: AuditResults | undefined;
  private readonly changed = new vscode.EventEmitter<AuditResults | undefined>();
  readonly onDidChange = this.changed.event;

  get results(): AuditResults | undefined {
    return this.current;
  }

  set(results: AuditResults | undefined): void {
    this.current = results;
    this.changed.fire(results);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
