import { isRecord } from '../../util/record.js';
import { jsonColumn, recordOf, type AuditFormatAdapter } from './adapter.js';
import { fromGkeEntry } from './gke-cloud-logging.js';

/**
 * GKE Cloud Audit Logs routed to BigQuery by a log sink (tables `cloudaudit_googleapis_com_activity`,
 * `…_data_access`): the payload under `protopayload_auditlog`, request and response bodies as JSON text
 * in `requestJson` / `responseJson`, label keys with `_` for BigQuery's forbidden characters
 * (`authorization_k8s_io_decision`), timestamps in BigQuery's zoneless UTC (`2025-06-12 03:14:05.104
 * UTC`). Rows as `bq query --format=json` prints them or as an export to JSON lines.
 */
export const gkeBigQuery: AuditFormatAdapter = {
  name: 'gke-bigquery',
  doc: 'GKE Cloud Audit Logs from a BigQuery log sink (protopayload_auditlog.methodName, requestJson and responseJson as JSON text): bq query --format=json, or a table export to JSON lines',
  markers: ['protopayload_auditlog'],
  read(row) {
    const payload = row.protopayload_auditlog;
    if (!isRecord(payload)) return undefined;
    const labels = recordOf(row.labels);
    return fromGkeEntry({
      methodName: payload.methodName,
      resourceName: payload.resourceName,
      authenticationInfo: payload.authenticationInfo,
      requestMetadata: payload.requestMetadata,
      status: payload.status,
      request: jsonColumn(payload.requestJson),
      response: jsonColumn(payload.responseJson),
      operationId: recordOf(row.operation).id,
      insertId: row.insertId,
      timestamp: row.timestamp ?? row.receiveTimestamp,
      decision: labels.authorization_k8s_io_decision ?? labels['authorization.k8s.io/decision'],
    });
  },
};
