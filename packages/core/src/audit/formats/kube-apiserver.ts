import { isRecord } from '../../util/record.js';
import type { AuditEvent } from '../event.js';
import { cloudIdentityOf, impersonatedUserOf } from '../identity.js';
import { recordOf, strings, text, type AuditFormatAdapter } from './adapter.js';

/**
 * An `audit.k8s.io` Event (v1 or v1beta1). Declared ones carry `kind: Event` and the API version;
 * undeclared ones are read too when they are clearly events: a verb, and an `auditID` or a `user`,
 * with an `objectRef` or a `requestURI` (rule tests and hand-made exports drop `apiVersion`, `kind`
 * and sometimes `auditID`).
 */
export function fromKubeEvent(value: unknown): AuditEvent | undefined {
  if (!isRecord(value) || typeof value.verb !== 'string') return undefined;
  const declared = value.kind === 'Event' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('audit.k8s.io/');
  if (!declared && !looksLikeEvent(value)) return undefined;
  return kubeFields(value);
}

function looksLikeEvent(value: Record<string, unknown>): boolean {
  const identified = typeof value.auditID === 'string' || (isRecord(value.user) && typeof value.user.username === 'string');
  return identified && (isRecord(value.objectRef) || typeof value.requestURI === 'string');
}

/** The event's fields, from an object shaped like an audit Event (also Elastic's `kubernetes.audit`). */
export function kubeFields(value: Record<string, unknown>): AuditEvent {
  const ref = recordOf(value.objectRef);
  const user = recordOf(value.user);
  const status = recordOf(value.responseStatus);
  const annotations = recordOf(value.annotations);
  return {
    auditID: text(value.auditID),
    stage: text(value.stage),
    level: text(value.level),
    verb: value.verb as string,
    resource: text(ref.resource) ?? '',
    subresource: text(ref.subresource),
    apiGroup: text(ref.apiGroup),
    namespace: text(ref.namespace),
    name: text(ref.name),
    user: text(user.username),
    impersonatedUser: impersonatedUserOf(value.impersonatedUser),
    cloudIdentity: cloudIdentityOf(user),
    sourceIPs: strings(value.sourceIPs),
    userAgent: text(value.userAgent),
    timestamp: text(value.stageTimestamp) ?? text(value.requestReceivedTimestamp) ?? text(value.timestamp),
    requestObject: value.requestObject ?? undefined,
    responseObject: value.responseObject ?? undefined,
    responseCode: typeof status.code === 'number' ? status.code : null,
    // Elastic's integration replaces the dots of annotation keys (`authorization_k8s_io/decision`).
    decision: text(annotations['authorization.k8s.io/decision']) ?? text(annotations['authorization_k8s_io/decision']),
  };
}

export const kubeApiserver: AuditFormatAdapter = {
  name: 'kube-apiserver',
  doc: 'kube-apiserver audit events: JSON lines as the API server writes them, a JSON array, or an EventList (audit.k8s.io/v1 or v1beta1)',
  wrapperKeys: ['items'],
  markers: ['auditID', 'audit.k8s.io'],
  read: fromKubeEvent,
};
