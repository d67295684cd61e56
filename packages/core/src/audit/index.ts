export { scanAuditLog, collectAuditLog, collectAuditChunks, scanAuditChunks, endAuditSeries, type CollectedAuditLog, type AuditChunksScan } from './scan.js';
export { AuditSeries } from './series.js';
export { IncidentTracker, incidentSubject, describeSubject, compareTimes, type AuditIncident, type IncidentRequests, type IncidentSubject } from './incidents.js';
export { UNINSPECTABLE_ADVICE } from './model.js';
export { inScope, parseTimeBound, type AuditFilter } from './filter.js';
export { ACCEPTED_FORMATS } from './normalise.js';
export { AUDIT_FORMATS, FRAMINGS as AUDIT_FRAMINGS, type AuditFormatAdapter } from './formats/index.js';
export { looksLikeAuditLog } from './formats/sniff.js';
export { isGzip, InputError as AuditInputError } from './input.js';
export { portableByteSearch, type ByteSearch } from './byte-search.js';
export type { AuditEvent } from './event.js';
export type {
  AuditActor, AuditIndicatorHit, AuditMatch, AuditMode, AuditOutcome, AuditOwner, AuditProblem, AuditScan, AuditScanOptions, AuditSummary,
  AuditWrite, CloudIdentity, SuppressedAuditHit, SuppressedAuditWrite, UninspectableReason, UninspectableWrite,
} from './model.js';
