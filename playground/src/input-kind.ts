// Is a file a manifest or an audit log? The core's guess from the first bytes (gzip, or text naming a
// field of an accepted audit format, laid out as the audit reader reads it).
export { looksLikeAuditLog } from '@jobsentinel/core/audit';

/** How many bytes of a file are enough to tell. */
export const HEAD_BYTES = 64 * 1024;
