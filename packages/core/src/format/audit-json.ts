import type { AuditMatch, AuditMode, AuditSummary } from '../audit/model.js';
import { auditProblems, auditTotals, type AuditReport } from './audit-report.js';

/** `audit --format json` (SPEC section 5). */
export interface JsonAuditOutput {
  version: 1;
  mode: AuditMode;
  matches: Array<AuditMatch & { file: string }>;
  errors: Array<{ file: string; line?: number; severity: 'error' | 'warning'; message: string }>;
  summary: AuditSummary;
}

export function toJsonAuditReport(report: AuditReport): JsonAuditOutput {
  return {
    version: 1,
    mode: report.mode,
    matches: report.files.flatMap(({ file, matches }) => matches.map((match) => ({ ...match, file }))),
    errors: auditProblems(report),
    summary: auditTotals(report),
  };
}

export function formatAuditJson(report: AuditReport): string {
  return JSON.stringify(toJsonAuditReport(report), null, 2) + '\n';
}
