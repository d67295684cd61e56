import { classifyStrayLine } from '../framing.js';
import { isGzip } from '../input.js';
import { AUDIT_FORMATS } from './index.js';

const MARKERS = AUDIT_FORMATS.flatMap((format) => format.markers);
/** Lines looked at for a JSON record when the first ones are not (a banner, a cut-off line). */
const MAX_LINES = 5;

/**
 * Whether the first bytes of an input look like an audit log, for hosts that must choose between a
 * manifest and a log before scanning (the playground): gzip, or text that names a field of an accepted
 * format and is laid out as the reader reads it (JSON, `TIMESTAMP {event}` lines, an audit CSV header).
 * The scan itself decides by reading records; this is only the guess that picks the scan.
 */
export function looksLikeAuditLog(head: Uint8Array): boolean {
  if (isGzip(head)) return true;
  const text = new TextDecoder().decode(head);
  if (!MARKERS.some((marker) => text.includes(marker))) return false;
  const lines = text.split('\n', MAX_LINES + 1).slice(0, MAX_LINES).map((line) => line.trim()).filter((line) => line !== '');
  return lines.some((line) => line.startsWith('{') || line.startsWith('[') || classifyStrayLine(new TextEncoder().encode(line)) !== undefined);
}
