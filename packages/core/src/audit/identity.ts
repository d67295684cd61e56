import { isRecord } from '../util/record.js';
import type { CloudIdentity } from './model.js';

/**
 * The cloud account behind a Kubernetes user, from what the managed clusters' authenticators put in
 * the event's `user.extra`: EKS (aws-iam-authenticator / access entries) the IAM ARN, role session
 * name and access key id; AKS (Entra ID) the object id `oid`. Null when the user carries none
 * (a service account, a certificate user, a self-managed cluster).
 */
export function cloudIdentityOf(user: unknown): CloudIdentity | null {
  if (!isRecord(user) || !isRecord(user.extra)) return null;
  const extra = user.extra;
  const arn = firstOf(extra.arn) ?? firstOf(extra.canonicalArn);
  if (arn !== null) {
    return { provider: 'aws', principal: arn, sessionName: firstOf(extra.sessionName), accessKeyId: firstOf(extra.accessKeyId) };
  }
  const objectId = firstOf(extra.oid);
  if (objectId !== null) return { provider: 'azure', principal: objectId, sessionName: null, accessKeyId: null };
  return null;
}

/** GKE logs the Google account itself (`authenticationInfo.principalEmail`); a Kubernetes service account there is not one. */
export function googleIdentityOf(principalEmail: string | null): CloudIdentity | null {
  if (principalEmail === null || principalEmail.startsWith('system:') || !principalEmail.includes('@')) return null;
  return { provider: 'gcp', principal: principalEmail, sessionName: null, accessKeyId: null };
}

/** `impersonatedUser.username` of a kube-apiserver event (`kubectl --as`). */
export function impersonatedUserOf(value: unknown): string | null {
  return isRecord(value) && typeof value.username === 'string' && value.username !== '' ? value.username : null;
}

/** `user.extra` values are lists of strings; the first non-empty one is the value. */
function firstOf(value: unknown): string | null {
  const first = Array.isArray(value) ? value.find((item) => typeof item === 'string' && item !== '') : typeof value === 'string' && value !== '' ? value : undefined;
  return typeof first === 'string' ? first : null;
}
