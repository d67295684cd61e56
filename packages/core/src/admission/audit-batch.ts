/**
 * An audit webhook backend's judgement of one batch: kube-apiserver's `--audit-webhook-config-file`
 * POSTs `audit.k8s.io/v1` EventLists, each judged with the same semantics as an exported log (one
 * match per request, patches applied, denied requests marked). Pure: the host reads the body.
 */
import { collectAuditChunks } from '../audit/scan.js';
import type { AuditMatch, AuditProblem, AuditScanOptions, AuditSummary } from '../audit/model.js';
import { isRecord } from '../util/record.js';

export type AuditBatchAnswer =
  | { status: 200; matches: AuditMatch[]; summary: AuditSummary; problems: readonly AuditProblem[] }
  | { status: 400; reason: string };

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** Judges the bytes of one webhook batch. Never throws. */
export function judgeAuditBatch(body: Uint8Array, options: Pick<AuditScanOptions, 'config' | 'patternEngine' | 'source'> = {}): AuditBatchAnswer {
  // The webhook sends one JSON EventList; anything else is a client error, said plainly, not a scan of noise.
  let parsed: unknown;
  try {
    parsed = JSON.parse(UTF8.decode(body));
  } catch (error) {
    return { status: 400, reason: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(parsed) || parsed.kind !== 'EventList' || !Array.isArray(parsed.items)) {
    return { status: 400, reason: 'the body is not an audit.k8s.io EventList (kind EventList with items)' };
  }
  if (parsed.items.length === 0) {
    // Nothing to judge; the scan of no bytes gives the zero summary (and its complaint about empty input is not one here).
    return { status: 200, matches: [], summary: collectAuditChunks([], options).summary, problems: [] };
  }
  const result = collectAuditChunks([body], { ...options, mode: 'structural' });
  return { status: 200, matches: result.matches, summary: result.summary, problems: result.problems };
}
