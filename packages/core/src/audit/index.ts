export { scanAuditLog, collectAuditLog, UNINSPECTABLE_ADVICE, DEFAULT_MAX_RECORD_BYTES } from './scan.js';
export { ACCEPTED_FORMATS } from './normalise.js';
export { portableByteSearch, type ByteSearch } from './byte-search.js';
export type { AuditEvent } from './event.js';
export type {
  AuditIndicatorHit, AuditMatch, AuditMode, AuditOutcome, AuditProblem, AuditScan, AuditScanOptions, AuditSummary,
} from './model.js';
