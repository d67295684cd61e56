import { isRecord } from '../../util/record.js';
import type { AuditEvent } from '../event.js';
import { googleIdentityOf } from '../identity.js';
import { recordOf, text, utcTimestamp, withoutProtoType, type AuditFormatAdapter } from './adapter.js';

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
/** google.rpc codes in GKE entries, as the HTTP status the API server answered. */
const RPC_TO_HTTP = new Map<number, number>([[0, 200], [3, 400], [5, 404], [6, 409], [7, 403], [16, 401]]);

/** What a GKE Cloud Audit Logs entry says, whichever way it was exported. */
export interface GkeEntry {
  methodName: unknown;
  resourceName: unknown;
  authenticationInfo: unknown;
  requestMetadata: unknown;
  status: unknown;
  request: unknown;
  response: unknown;
  operationId: unknown;
  insertId: unknown;
  timestamp: unknown;
  decision: unknown;
}

/**
 * A GKE Cloud Audit Logs entry: `methodName` `io.k8s.batch.v1.cronjobs.create` gives group, resource,
 * subresource and verb; `resourceName` `batch/v1/namespaces/ns/cronjobs/name` the object; the
 * operation id is the audit ID (GKE sets it, and `insertId`, to the API server's audit ID). The bodies
 * carry the `@type` Cloud Logging adds (`batch.k8s.io/v1.CronJob`, `k8s.io/Patch`), dropped here.
 */
export function fromGkeEntry(entry: GkeEntry): AuditEvent | undefined {
  const method = text(entry.methodName);
  if (method === null) return undefined;
  const segments = method.startsWith('io.k8s.') ? method.slice('io.k8s.'.length).split('.') : [];
  const version = segments.findIndex((segment) => VERSION.test(segment));
  const rest = segments.slice(version + 1);
  const authentication = recordOf(entry.authenticationInfo);
  const principal = text(authentication.principalEmail);
  // Another Google service's entry (BigQuery and Cloud Run have "jobs" too) in the same export: an
  // audit event, of nothing in Kubernetes.
  if (version === -1 || rest.length < 2) return { ...NOT_KUBERNETES, verb: method, auditID: text(entry.operationId) };
  const resource = rest[0];
  const verb = rest[rest.length - 1];
  const group = segments.slice(0, version).join('.');
  const path = (text(entry.resourceName) ?? '').split('/');
  const at = path.indexOf('namespaces');
  const namespace = at === -1 ? null : path[at + 1] ?? null;
  const resourceAt = path.indexOf(resource, at === -1 ? 0 : at + 2);
  const name = resourceAt === -1 ? null : path[resourceAt + 1] ?? null;
  const metadata = recordOf(entry.requestMetadata);
  const status = recordOf(entry.status);
  const request = withoutProtoType(entry.request ?? undefined);
  const response = withoutProtoType(entry.response ?? undefined);
  const code = typeof status.code === 'number' ? status.code : 0;
  return {
    auditID: text(entry.operationId) ?? text(entry.insertId),
    stage: null,
    level: request === undefined && response === undefined ? 'Metadata' : 'RequestResponse',
    verb,
    resource,
    subresource: rest.length > 2 ? rest.slice(1, -1).join('/') : null,
    apiGroup: group === 'core' ? '' : group,
    namespace,
    name,
    user: principal,
    impersonatedUser: null,
    cloudIdentity: googleIdentityOf(principal),
    sourceIPs: typeof metadata.callerIp === 'string' ? [metadata.callerIp] : [],
    userAgent: text(metadata.callerSuppliedUserAgent),
    timestamp: utcTimestamp(entry.timestamp),
    requestObject: request,
    responseObject: response,
    responseCode: RPC_TO_HTTP.get(code) ?? 500,
    decision: text(entry.decision),
  };
}

const NOT_KUBERNETES: AuditEvent = {
  auditID: null, stage: null, level: null, verb: '', resource: '', subresource: null, apiGroup: null, namespace: null, name: null,
  user: null, impersonatedUser: null, cloudIdentity: null, sourceIPs: [], userAgent: null, timestamp: null,
  requestObject: undefined, responseObject: undefined, responseCode: null, decision: null,
};

export const gkeCloudLogging: AuditFormatAdapter = {
  name: 'gke',
  doc: 'GKE Cloud Audit Logs entries (protoPayload, methodName like io.k8s.batch.v1.cronjobs.create), as gcloud logging read prints them or one per line',
  markers: ['protoPayload'],
  read(entry) {
    if (!isRecord(entry.protoPayload)) return undefined;
    const payload = entry.protoPayload;
    return fromGkeEntry({
      methodName: payload.methodName,
      resourceName: payload.resourceName,
      authenticationInfo: payload.authenticationInfo,
      requestMetadata: payload.requestMetadata,
      status: payload.status,
      request: payload.request,
      response: payload.response,
      operationId: recordOf(entry.operation).id,
      insertId: entry.insertId,
      timestamp: entry.timestamp ?? entry.receiveTimestamp,
      decision: recordOf(entry.labels)['authorization.k8s.io/decision'],
    });
  },
};
