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

export function recordOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
