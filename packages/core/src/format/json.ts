import type { Range, Severity } from '../model.js';
import { allFindings, allProblems, FILE_START, summarise, type ScanReport } from './report.js';

/** `scan --format json`, SPEC section 5. Version 1 only ever gains fields; none is renamed or dropped. */
export interface JsonScanOutput {
  version: 1;
  findings: Array<{
    file: string;
    document: number;
    kind: string;
    name: string | null;
    namespace: string | null;
    indicator: string;
    severity: Severity;
    message: string;
    path: string;
    range: Range | null;
    evidence: string;
  }>;
  errors: Array<{ file: string; message: string; range: Range; skipped: boolean }>;
  summary: { files: number; documents: number; findings: number; errors: number };
}

export function toJsonReport(report: ScanReport): JsonScanOutput {
  const summary = summarise(report);
  return {
    version: 1,
    findings: allFindings(report).map((finding) => ({
      file: finding.file,
      document: finding.document,
      kind: finding.kind,
      name: finding.name,
      namespace: finding.namespace,
      indicator: finding.indicator,
      severity: finding.severity,
      message: finding.message,
      path: finding.path,
      range: finding.range ?? null,
      evidence: finding.evidence,
    })),
    errors: allProblems(report).map((problem) => ({
      file: problem.file,
      message: problem.message,
      range: problem.range ?? FILE_START,
      skipped: problem.skipped,
    })),
    summary: { files: summary.files, documents: summary.documents, findings: summary.findings, errors: summary.errors },
  };
}

/** The JSON text the CLI prints: one indented object, newline-terminated. */
export function formatJson(report: ScanReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
