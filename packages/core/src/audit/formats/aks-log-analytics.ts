import { jsonColumn, parseJson, utcTimestamp, type AuditFormatAdapter } from './adapter.js';
import { fromKubeEvent, kubeFields } from './kube-apiserver.js';

/**
 * AKS audit logs queried from a Log Analytics workspace, legacy `AzureDiagnostics` table: the event as
 * JSON text in `log_s` (category `kube-audit` or `kube-audit-admin`), from `az monitor log-analytics
 * query` (a JSON array of rows) or the portal's CSV export.
 */
export const aksAzureDiagnostics: AuditFormatAdapter = {
  name: 'aks-azure-diagnostics',
  doc: 'AKS audit logs in Log Analytics, AzureDiagnostics table (category kube-audit or kube-audit-admin, the event as JSON text in log_s): az monitor log-analytics query JSON, or the portal\'s CSV export',
  csvColumns: ['log_s'],
  markers: ['log_s'],
  read(row) {
    return typeof row.log_s === 'string' ? fromKubeEvent(parseJson(row.log_s)) : undefined;
  },
};

/**
 * The resource-specific `AKSAudit` / `AKSAuditAdmin` tables: the event's fields as PascalCase columns,
 * `dynamic` ones (`User`, `ObjectRef`, `RequestObject`, …) as objects in JSON output and as JSON text in
 * CSV. A body too big to log is the text `skipped-too-big-size-object`: kept as such, so the write is
 * uninspectable and says why.
 */
export const aksAuditTables: AuditFormatAdapter = {
  name: 'aks-audit-table',
  doc: 'AKS audit logs in Log Analytics, resource-specific AKSAudit or AKSAuditAdmin table (PascalCase columns AuditId, Verb, ObjectRef, RequestObject, User, SourceIps, …): az monitor log-analytics query JSON, or the portal\'s CSV export',
  csvColumns: ['AuditId'],
  markers: ['AuditId'],
  read(row) {
    if (typeof row.Verb !== 'string' || typeof row.AuditId !== 'string') return undefined;
    return kubeFields({
      auditID: row.AuditId,
      stage: row.Stage,
      level: row.Level,
      verb: row.Verb,
      requestURI: row.RequestUri,
      user: jsonColumn(row.User),
      impersonatedUser: jsonColumn(row.ImpersonatedUser),
      sourceIPs: jsonColumn(row.SourceIps),
      userAgent: row.UserAgent,
      objectRef: jsonColumn(row.ObjectRef),
      responseStatus: jsonColumn(row.ResponseStatus),
      requestObject: jsonColumn(row.RequestObject),
      responseObject: jsonColumn(row.ResponseObject),
      annotations: jsonColumn(row.Annotations),
      // az prints RFC 3339; the portal's CSV `6/12/2025, 3:14:05.104 AM` under a ` [UTC]` header.
      stageTimestamp: utcTimestamp(row.StageReceivedTime) ?? utcTimestamp(row.TimeGenerated),
      requestReceivedTimestamp: utcTimestamp(row.RequestReceivedTime),
    });
  },
};
