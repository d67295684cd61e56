import { csvHeaderNames, isAuditCsvHeader } from './csv-reader.js';
import { CR, NEWLINE, OPEN_BRACE, SPACE, TAB } from './json-chars.js';

/**
 * How an input's records are laid out: JSON (one document, or JSON lines), lines of `TIMESTAMP {event}`
 * (an EKS export task to S3, `kubectl logs --timestamps`), or CSV with a header row (portal and
 * Logs Insights exports, Splunk). The document reader starts every input and hands over when the
 * layout is another.
 */
export type Framing = 'json-lines' | 'timestamped' | 'csv';

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DASH = 0x2d;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;
const DOT = 0x2e;
/** `2025-06-12T03:14:05.104123456+00:00` is 35 characters; a little room for odd precision. */
const MAX_TIMESTAMP = 40;

/** What a top-level line that is not JSON starts, if it starts a framing the scanner reads. */
export function classifyStrayLine(head: Uint8Array): Framing | undefined {
  let start = 0;
  while (start < head.length && (head[start] === SPACE || head[start] === TAB)) start++;
  if (eventAfterTimestamp(head, start, head.length) !== -1) return 'timestamped';
  let end = head.length;
  while (end > start && (head[end - 1] === NEWLINE || head[end - 1] === CR)) end--;
  const names = csvHeaderNames(new TextDecoder().decode(head.subarray(start, end)));
  return names && isAuditCsvHeader(names) ? 'csv' : undefined;
}

/**
 * Where the event of a `TIMESTAMP {event}` line starts (its `{`), or -1 when the line is not one. The
 * timestamp is RFC 3339: a date, `T`, a time, any fraction, `Z` or an offset; then spaces.
 */
export function eventAfterTimestamp(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 21 || !isDate(bytes, start) || bytes[start + 10] !== LETTER_T) return -1;
  const limit = Math.min(end, start + MAX_TIMESTAMP);
  let at = start + 11;
  while (at < limit && bytes[at] !== SPACE) at++;
  if (at === limit) return -1;
  while (at < end && bytes[at] === SPACE) at++;
  return bytes[at] === OPEN_BRACE ? at : -1;
}

function isDate(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < 10; k++) {
    const b = bytes[at + k];
    if (k === 4 || k === 7 ? b !== DASH : b < DIGIT_0 || b > DIGIT_9) return false;
  }
  return true;
}

/**
 * Which export a timestamped line comes from: an EKS export task writes the CloudWatch ingestion time
 * in milliseconds (`2025-06-12T03:14:05.104Z`); `kubectl logs --timestamps` writes the container
 * runtime's nanosecond time (`2025-06-12T03:14:05.104123456Z`, trailing zeros dropped).
 */
export function timestampedSource(bytes: Uint8Array, start: number): 'eks-s3-export' | 'kubectl-logs' {
  const dot = start + 19;
  const millis = bytes[dot] === DOT && bytes[dot + 4] === LETTER_Z && bytes[dot + 5] === SPACE;
  return millis ? 'eks-s3-export' : 'kubectl-logs';
}
