export { scanAuditLog, collectAuditLog, collectAuditChunks, type CollectedAuditLog } from './scan.js';
export { UNINSPECTABLE_ADVICE } from './evaluator.js';
export { ACCEPTED_FORMATS } from './normalise.js';
export { isGzip } from './input.js';
export { portableByteSearch, type ByteSearch } from './byte-search.js';
export type { AuditEvent } from './event.js';
export type {
  AuditIndicatorHit, AuditMatch, AuditMode, AuditOutcome, AuditProblem, AuditScan, AuditScanOptions, AuditSummary,
} from './model.js';
