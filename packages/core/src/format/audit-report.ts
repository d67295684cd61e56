import type { AuditMatch, AuditMode, AuditProblem, AuditSummary } from '../audit/model.js';

/** One scanned audit log: what the core's scan returned for it. */
export interface AuditedFile {
  file: string;
  matches: AuditMatch[];
  summary: AuditSummary;
  problems: readonly AuditProblem[];
  /** Formats recognised in it (`kube-apiserver`, `elastic`, `aks`, `gke`, `eks`). */
  formats: string[];
}

/** A problem outside any scanned log (unreadable file, broken config). */
export interface AuditFileError {
  file: string;
  message: string;
  line?: number;
}

/** What an audit run produced, independent of how it is shown (CLI, the editor's export). */
export interface AuditReport {
  mode: AuditMode;
  files: AuditedFile[];
  errors: AuditFileError[];
}

export function auditTotals(report: AuditReport): AuditSummary {
  const totals: AuditSummary = { events: 0, jobWrites: 0, matches: 0, uninspectable: 0, malformed: 0, duplicates: 0 };
  for (const { summary } of report.files) {
    for (const key of Object.keys(totals) as Array<keyof AuditSummary>) totals[key] += summary[key];
  }
  return totals;
}

/** Every problem with its file: errors outside the logs first, then each log's own, in line order. */
export function auditProblems(report: AuditReport): Array<AuditFileError & { severity: 'error' | 'warning' }> {
  return [
    ...report.errors.map((error) => ({ ...error, severity: 'error' as const })),
    ...report.files.flatMap(({ file, problems }) =>
      problems.map((problem) => ({ file, message: problem.message, severity: problem.severity, ...(problem.line === null ? {} : { line: problem.line }) })),
    ),
  ];
}
