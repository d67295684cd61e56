import { isRecord } from '../../util/record.js';
import type { AuditEvent } from '../event.js';
import type { AuditFormatAdapter } from './adapter.js';
import { aksDiagnostics } from './aks-diagnostics.js';
import { aksAuditTables, aksAzureDiagnostics } from './aks-log-analytics.js';
import { eksCloudWatch } from './eks-cloudwatch.js';
import { elasticDocuments } from './elastic-documents.js';
import { gkeBigQuery } from './gke-bigquery.js';
import { gkeCloudLogging } from './gke-cloud-logging.js';
import { kubeApiserver } from './kube-apiserver.js';
import { splunk } from './splunk.js';
import { splunkHec } from './splunk-hec.js';

export type { AuditFormatAdapter } from './adapter.js';

/**
 * Every audit-log format the scanner reads, tried in this order on each record. Adding a format is
 * adding its module here (and its tests and fixture): the reader, `ACCEPTED_FORMATS`, the CLI help and
 * the playground's sniffing follow from this list.
 */
export const AUDIT_FORMATS: readonly AuditFormatAdapter[] = [
  kubeApiserver, elasticDocuments, aksDiagnostics, aksAzureDiagnostics, aksAuditTables, gkeCloudLogging, gkeBigQuery, eksCloudWatch, splunk, splunkHec,
];

/**
 * Layouts that wrap records of the formats above, recognised by the reader from a line that is not JSON
 * (see framing.ts): the name is reported in the scan's formats beside the record format's.
 */
export const FRAMINGS: ReadonlyArray<{ name: string; doc: string }> = [
  { name: 'eks-s3-export', doc: 'EKS CloudWatch export tasks to S3 (aws logs create-export-task): each line TIMESTAMP {event}, usually gzipped' },
  { name: 'kubectl-logs', doc: 'kubectl logs --timestamps of a sidecar that tails the audit log: each line RFC3339 {event}' },
  { name: 'csv', doc: 'CSV exports with a header row: the portal\'s Log Analytics export, CloudWatch Logs Insights (@message), Splunk (_raw)' },
];

/** The accepted formats, as error messages and help texts name them. */
export const ACCEPTED_FORMATS = [...AUDIT_FORMATS, ...FRAMINGS].map((format) => format.doc).join('; ');

/** Top-level keys whose array holds records, in any format (`items`, `records`, `events`, …). */
export const WRAPPER_KEYS: ReadonlySet<string> = new Set(AUDIT_FORMATS.flatMap((format) => format.wrapperKeys ?? []));

/** CSV columns that hold audit events in some export (`_raw`, `log_s`, `@message`, `AuditId`, …). */
export const CSV_COLUMNS: ReadonlySet<string> = new Set(AUDIT_FORMATS.flatMap((format) => format.csvColumns ?? []));

/** The audit event in one record, and the format that read it; undefined when no format does. */
export function recogniseRecord(record: Record<string, unknown>): { event: AuditEvent; format: string } | undefined {
  for (const format of AUDIT_FORMATS) {
    const event = format.read(record);
    if (event) return { event, format: format.name };
  }
  return undefined;
}

/** The records inside a wrapper document: its array under one of the wrapper keys (`hits.hits` for `_search`). */
export function containedRecords(value: Record<string, unknown>): unknown[] | undefined {
  for (const key of WRAPPER_KEYS) {
    if (!Object.hasOwn(value, key)) continue;
    const inner = value[key];
    if (key === 'hits') {
      if (isRecord(inner) && Array.isArray(inner.hits)) return inner.hits;
    } else if (key === 'items') {
      if (Array.isArray(inner) && (value.kind === 'EventList' || value.kind === 'List' || value.kind === undefined)) return inner;
    } else if (Array.isArray(inner)) return inner;
  }
  return undefined;
}
