import { isRecord } from '../util/record.js';
import type { AuditOwner } from './model.js';

/** The CronJob controller's service account, which kube-controller-manager also names in its user agent. */
const CRONJOB_CONTROLLER = 'system:serviceaccount:kube-system:cronjob-controller';
/** The CronJob controller names each Job `<cronjob>-<scheduled time in minutes since the epoch>`. */
const SCHEDULED_JOB_NAME = /^(.+)-\d{8,}$/;

/**
 * The object a Job was created for: the controller owner reference in its metadata (what
 * Kubernetes itself uses for garbage collection), else, for a Job the CronJob controller wrote
 * without a body in the log (Metadata level), the CronJob its name was made from. Only Jobs have
 * owners here; a CronJob is its own incident.
 */
export function ownerOf(resource: string, name: string | null, metadata: Record<string, unknown>, user: string | null, userAgent: string | null): AuditOwner | null {
  if (resource !== 'jobs') return null;
  const referenced = controllerReference(metadata.ownerReferences);
  if (referenced) return referenced;
  if (name === null || !(user === CRONJOB_CONTROLLER || (userAgent !== null && userAgent.endsWith(`/${CRONJOB_CONTROLLER}`)))) return null;
  const scheduled = SCHEDULED_JOB_NAME.exec(name);
  return scheduled ? { kind: 'CronJob', name: scheduled[1] } : null;
}

/** The reference marked `controller: true`, or the only one there is. */
function controllerReference(references: unknown): AuditOwner | null {
  if (!Array.isArray(references)) return null;
  const valid = references.filter(
    (reference): reference is { kind: string; name: string; controller?: unknown } =>
      isRecord(reference) && typeof reference.kind === 'string' && reference.kind !== '' && typeof reference.name === 'string' && reference.name !== '',
  );
  const chosen = valid.find((reference) => reference.controller === true) ?? (valid.length === 1 ? valid[0] : undefined);
  return chosen ? { kind: chosen.kind, name: chosen.name } : null;
}
