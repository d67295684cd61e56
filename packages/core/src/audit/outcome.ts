import type { AuditEvent } from './event.js';
import type { AuditOutcome } from './model.js';

/** Denied: refused by authorization, or answered with an error status. Unknown before the response. */
export function outcomeOf(event: AuditEvent): AuditOutcome | undefined {
  if (event.decision === 'forbid' || (event.responseCode !== null && event.responseCode >= 400)) return 'denied';
  if (event.responseCode !== null || event.decision === 'allow') return 'allowed';
  return undefined;
}
