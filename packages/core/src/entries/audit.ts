// `@jobsentinel/core/audit`: the audit-log pipeline and its reports. A separate entry because a page or
// host that only analyses manifests should not download it (packages/core/README.md, "Entries").
export * from '../audit/index.js';
export {
  auditTotals, auditProblems, auditIncomplete, replayAuditReport, renderAuditReport,
  type AuditReport, type AuditedFile, type AuditedLog, type AuditFileError, type AuditReportWriter, type AuditRunEnd, type TextSink,
} from '../format/audit-report.js';
export { auditJsonWriter, formatAuditJson, toJsonAuditReport, type JsonAuditOutput, type JsonAuditSummary } from '../format/audit-json.js';
export { auditSarifWriter, formatAuditSarif, toAuditSarif, type AuditSarifLog, type AuditSarifResult } from '../format/audit-sarif.js';
export { auditTextWriter, formatAuditText, type AuditTextOptions } from '../format/audit-text.js';
