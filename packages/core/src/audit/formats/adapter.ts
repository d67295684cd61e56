import { isRecord } from '../../util/record.js';
import type { AuditEvent } from '../event.js';

/**
 * One export format of audit events: how to tell one of its records, and how to read the audit event
 * out of it. Every format the scanner accepts is one of these, listed in `./index.ts`; the reader, the
 * error messages, the CLI help and the playground's sniffing all derive from that list.
 */
export interface AuditFormatAdapter {
  /** Reported in the scan's `formats`, e.g. `aks-log-analytics`. */
  name: string;
  /** One line for users: what the export is and how it is produced. */
  doc: string;
  /** Top-level keys of a wrapper document whose array holds this format's records (`records`, `items`). */
  wrapperKeys?: readonly string[];
  /** CSV columns that say a CSV export holds this format (any one of them, as a whole header field). */
  csvColumns?: readonly string[];
  /** Text that the first kilobytes of such an export contain (in JSON or CSV, escaped or not). */
  markers: readonly string[];
  /** The audit event in one record, or undefined when the record is not of this format. */
  read(record: Record<string, unknown>): AuditEvent | undefined;
}

export function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function parseJson(source: string): unknown {
  try {
    return JSON.parse(source);
  } catch {
    return undefined;
  }
}

/**
 * A column that holds JSON: an object already (Log Analytics JSON keeps `dynamic` columns as objects),
 * or its text (CSV exports and some CLIs write them as strings). Empty text is no value.
 */
export function jsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const first = trimmed[0];
  return first === '{' || first === '[' ? parseJson(trimmed) ?? value : value;
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?: ?UTC)?$/;
const PORTAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(\.\d+)? ([AP]M)$/;
const EPOCH_SECONDS = /^\d{9,11}(?:\.\d+)?(?:E\d+)?$/i;

/**
 * A timestamp column as an RFC 3339 UTC time. Exports write UTC times without a zone: BigQuery
 * (`2025-06-12 03:14:05.104 UTC` from `bq extract`, the same without ` UTC` or as epoch seconds from
 * `bq query`) and the Azure portal's CSV (`6/12/2025, 3:14:05.104 AM` under a ` [UTC]` header).
 * RFC 3339 text is kept as it is; anything else is no timestamp (null), never a guess in local time.
 */
export function utcTimestamp(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? fromEpochSeconds(value) : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) return trimmed;
  const zoneless = ZONELESS.exec(trimmed);
  if (zoneless) return `${zoneless[1]}T${zoneless[2]}Z`;
  const portal = PORTAL.exec(trimmed);
  if (portal) {
    const [, month, day, year, hour, minute, second, fraction, half] = portal;
    const hour24 = (Number(hour) % 12) + (half === 'PM' ? 12 : 0);
    const pad = (part: string | number) => String(part).padStart(2, '0');
    return `${year}-${pad(month)}-${pad(day)}T${pad(hour24)}:${minute}:${second}${fraction ?? ''}Z`;
  }
  if (EPOCH_SECONDS.test(trimmed)) return fromEpochSeconds(Number(trimmed));
  return null;
}

function fromEpochSeconds(seconds: number): string | null {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * A request or response body of a Google Cloud audit entry without the `@type` Cloud Logging adds to it
 * (`batch.k8s.io/v1.CronJob`, `k8s.io/Patch` on a patch body): not part of the Kubernetes object, and
 * a patch applied with it would write a member the object never had.
 */
export function withoutProtoType(body: unknown): unknown {
  if (!isRecord(body) || !Object.hasOwn(body, '@type')) return body;
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(body)) if (key !== '@type') copy[key] = value;
  return copy;
}

export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
