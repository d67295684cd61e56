export { scanAuditLog, collectAuditLog, collectAuditChunks, createRecordReader, describeInputError, DEFAULT_MAX_RECORD_BYTES } from './scan.js';
export { AuditEvaluator, UNINSPECTABLE_ADVICE, outcomeOf } from './evaluator.js';
export { inputChunks as auditInputChunks, type InputOptions as AuditInputOptions } from './input.js';
export { RecordBatcher, replayRecords, type RecordOp } from './record-batch.js';
export type { RecordSink } from './record-sink.js';
export { ACCEPTED_FORMATS } from './normalise.js';
export { portableByteSearch, type ByteSearch } from './byte-search.js';
export type { AuditEvent } from './event.js';
export type {
  AuditIndicatorHit, AuditMatch, AuditMode, AuditOutcome, AuditProblem, AuditScan, AuditScanOptions, AuditSummary,
} from './model.js';
