import type { AuditMatch, AuditMode, AuditProblem, AuditSummary, SuppressedAuditWrite, UninspectableWrite } from '../audit/model.js';

/** What is known of one scanned log once it is read (its matches and uninspectable writes went by as they were found). */
export interface AuditedLog {
  file: string;
  summary: AuditSummary;
  problems: readonly AuditProblem[];
  /** Formats recognised in it (`kube-apiserver`, `elastic`, `aks`, `gke`, `eks`). */
  formats: string[];
}

/** One scanned audit log with everything the core's scan returned for it. */
export interface AuditedFile extends AuditedLog {
  matches: AuditMatch[];
  uninspectable: UninspectableWrite[];
  /** Job writes with hits the config's ignore entries suppressed. */
  suppressed: SuppressedAuditWrite[];
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
  /** The config files applied, as shown to users (empty: the defaults). Absent when the host does not say. */
  configs?: string[];
}

/**
 * How many files could not be analysed completely: a file (or config file) that could not be read, a
 * log with a record that could not be decoded or that stopped early. Warnings (replaced bytes, an empty
 * input) do not count. Above 0 the run is incomplete (exit status 2).
 */
export function auditIncomplete(run: AuditRunEnd): number {
  const files = new Set(run.errors.map((error) => error.file));
  for (const { file, problems, summary } of run.files) {
    if (summary.malformed > 0 || problems.some((problem) => problem.severity === 'error')) files.add(file);
  }
  return files.size;
}

/** The end of a run, for a report written as it went: every log's summary and problems, and the errors outside them. */
export interface AuditRunEnd {
  files: AuditedLog[];
  errors: AuditFileError[];
  /** The config files applied, as shown to users (empty: the defaults). Absent when the host does not say. */
  configs?: string[];
}

/**
 * A report written while the logs are scanned: matches and uninspectable writes are handed over as
 * they are found (a writer keeps only what its report needs), the rest at the end.
 */
export interface AuditReportWriter {
  match(file: string, match: AuditMatch): void;
  uninspectable(file: string, write: UninspectableWrite): void;
  /** A job write with hits the config's ignore entries suppressed (it may also have been a match). */
  suppressed(file: string, write: SuppressedAuditWrite): void;
  end(run: AuditRunEnd): void;
}

/** Hands a finished report to a writer, as a scan would have. */
export function replayAuditReport(report: AuditReport, writer: AuditReportWriter): void {
  for (const { file, matches, uninspectable, suppressed } of report.files) {
    for (const match of matches) writer.match(file, match);
    for (const write of uninspectable) writer.uninspectable(file, write);
    for (const write of suppressed) writer.suppressed(file, write);
  }
  writer.end(report);
}

/** Text written in pieces (to a stream, or to a string). */
export type TextSink = (text: string) => void;

/** Runs a writer over a finished report and returns what it wrote. */
export function renderAuditReport(report: AuditReport, makeWriter: (out: TextSink) => AuditReportWriter): string {
  const parts: string[] = [];
  replayAuditReport(report, makeWriter((text) => parts.push(text)));
  return parts.join('');
}

export function auditTotals(run: AuditRunEnd): AuditSummary {
  const totals: AuditSummary = { events: 0, jobWrites: 0, matches: 0, uninspectable: 0, malformed: 0, duplicates: 0, filteredOut: 0, suppressed: 0 };
  for (const { summary } of run.files) {
    for (const key of Object.keys(totals) as Array<keyof AuditSummary>) totals[key] += summary[key];
  }
  return totals;
}

/** Every problem with its file: errors outside the logs first, then each log's own, in line order. */
export function auditProblems(run: AuditRunEnd): Array<AuditFileError & { severity: 'error' | 'warning' }> {
  return [
    ...run.errors.map((error) => ({ ...error, severity: 'error' as const })),
    ...run.files.flatMap(({ file, problems }) =>
      problems.map((problem) => ({ file, message: problem.message, severity: problem.severity, ...(problem.line === null ? {} : { line: problem.line }) })),
    ),
  ];
}

/** Indents every line of a printed JSON value, to nest it in a report printed piece by piece. */
export function indentLines(text: string, prefix: string): string {
  return prefix + text.replace(/\n/g, `\n${prefix}`);
}
