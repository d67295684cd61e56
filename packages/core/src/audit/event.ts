import type { CloudIdentity } from './model.js';

/** The one shape every audit-log format is normalised into before evaluation. */
export interface AuditEvent {
  auditID: string | null;
  stage: string | null;
  /** Metadata, Request, RequestResponse; null when the format does not say. */
  level: string | null;
  verb: string;
  resource: string;
  subresource: string | null;
  apiGroup: string | null;
  namespace: string | null;
  name: string | null;
  user: string | null;
  /** The user the request was made as (`kubectl --as`), when the requester impersonated one. */
  impersonatedUser: string | null;
  /** The cloud account behind the Kubernetes user (EKS IAM ARN, GKE Google account, AKS object id). */
  cloudIdentity: CloudIdentity | null;
  sourceIPs: string[];
  userAgent: string | null;
  timestamp: string | null;
  /** The logged request body; undefined when not logged. */
  requestObject: unknown;
  responseObject: unknown;
  /** HTTP status of the response; null when not logged (RequestReceived stage). */
  responseCode: number | null;
  /** `authorization.k8s.io/decision` (allow / forbid), when logged. */
  decision: string | null;
}
