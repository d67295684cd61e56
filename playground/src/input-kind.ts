// Is a file a manifest or an audit log? Decided by content, as the core decides audit formats: gzip is
// an audit log (manifests are not shipped compressed); JSON whose head names audit fields is one too.
import { isGzip } from '@jobsentinel/core';

/** Fields every supported export carries near its start (EKS and AKS escape them inside a string: still found). */
const AUDIT_MARKERS = /auditID|"kind"\s*:\s*"Event(?:List)?"|kubernetes\.audit|protoPayload|kube-audit/;

/** How many bytes of a file are enough to tell. */
export const HEAD_BYTES = 64 * 1024;

export function looksLikeAuditLog(head: Uint8Array): boolean {
  if (isGzip(head)) return true;
  const text = new TextDecoder().decode(head).trimStart();
  return (text.startsWith('{') || text.startsWith('[')) && AUDIT_MARKERS.test(text);
}
