/**
 * An audit webhook backend's judgement of one batch: kube-apiserver's `--audit-webhook-config-file`
 * POSTs `audit.k8s.io/v1` EventLists, each judged with the same semantics as an exported log (one
 * match per request, patches applied, denied requests marked). Pure: the host reads the body.
 */
import { collectAuditChunks } from '../audit/scan.js';
import type { AuditMatch, AuditProblem, AuditScanOptions, AuditSummary } from '../audit/model.js';
import { printable } from '../text/printable.js';
import { isRecord } from '../util/record.js';
import type { ReportedRequests } from './reported-requests.js';

/** Where a match's event sits in the batch kube-apiserver sent. */
export interface BatchLocation {
  /** The batch's number since the receiver started (1, 2, …), when the host counts them. */
  batch: number | null;
  /** 0-based index in the EventList's `items` of the request's last stage in this batch. */
  event: number;
  /**
   * JSON pointer of the body judged: `/items/3/requestObject`, or `…/responseObject` when no request
   * body was logged. The indicators' `path`s are inside the object that body leaves behind (for a
   * JSON Patch, the patched object).
   */
  object: string;
}

/**
 * A match of a webhook batch. Its `file` names the batch (`audit-webhook/batch-12`) and its `line`
 * is the event's 1-based position in it, so the text and SARIF reports of `jobsentinel audit` would
 * place it as the JSON does.
 */
export interface BatchMatch extends AuditMatch {
  location: BatchLocation;
}

/** A problem with one event of the batch (`event`: its index in `items`), or with the whole batch (null). */
export interface BatchProblem {
  event: number | null;
  severity: AuditProblem['severity'];
  message: string;
}

export type AuditBatchAnswer =
  | { status: 200; matches: BatchMatch[]; summary: AuditSummary; problems: BatchProblem[]; repeated: number }
  | { status: 400; reason: string };

export interface AuditBatchOptions extends Pick<AuditScanOptions, 'config' | 'patternEngine'> {
  /** The batch's number, copied into each match's location and file name. */
  batch?: number;
  /**
   * Requests reported by earlier batches: a request matched again (its other stage, or a batch sent
   * again) is counted in `repeated`, not reported twice.
   */
  reported?: ReportedRequests;
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });
const ENCODER = new TextEncoder();

/** Judges the bytes of one webhook batch. Never throws. */
export function judgeAuditBatch(body: Uint8Array, options: AuditBatchOptions = {}): AuditBatchAnswer {
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
  const items: unknown[] = parsed.items;
  const { reported, batch, ...scanOptions } = options;
  if (items.length === 0) {
    // Nothing to judge; the scan of no bytes gives the zero summary (and its complaint about empty input is not one here).
    return { status: 200, matches: [], summary: collectAuditChunks([], scanOptions).summary, problems: [], repeated: 0 };
  }
  // One event per line, so that the scan's line numbers are the events' positions in the batch.
  const lines = ENCODER.encode(items.map((item) => JSON.stringify(item)).join('\n'));
  const result = collectAuditChunks([lines], { ...scanOptions, source: batchName(batch), mode: 'structural' });
  const matches: BatchMatch[] = [];
  let repeated = 0;
  for (const match of result.matches) {
    if (reported?.seenBefore(match)) repeated++;
    else matches.push({ ...match, location: locationOf(items, match.line - 1, batch) });
  }
  const problems = result.problems.map((problem) => ({ event: problem.line === null ? null : problem.line - 1, severity: problem.severity, message: problem.message }));
  return { status: 200, matches, summary: result.summary, problems, repeated };
}

/** What a match's and a problem's `file` says: which batch. */
export function batchName(batch: number | undefined): string {
  return batch === undefined ? 'audit-webhook' : `audit-webhook/batch-${batch}`;
}

/** One line of text for an operator's log, placed as in the JSON: `audit-webhook/batch-12:4 …`. */
export function describeBatchMatch(match: BatchMatch): string {
  const object = [match.namespace, match.name].filter((part) => part !== null).join('/') || '(no name)';
  const who = match.impersonatedUser ? `${match.user ?? 'unknown'} as ${match.impersonatedUser}` : (match.user ?? 'unknown');
  const indicators = [...new Set(match.indicators.map((hit) => hit.indicator))].join(', ');
  const text = `${match.file ?? batchName(undefined)}:${match.line} ${match.verb} ${match.resource} ${object} by ${who} (audit ID ${match.auditID ?? 'none'}, ${match.outcome}): ${indicators}`;
  return printable(text.length > MAX_DESCRIPTION ? text.slice(0, MAX_DESCRIPTION) + '…' : text);
}

/** A log line stays readable whatever length of names a client sends. */
const MAX_DESCRIPTION = 600;

function locationOf(items: readonly unknown[], event: number, batch: number | undefined): BatchLocation {
  const item = items[event];
  const judged = isRecord(item) && item.requestObject === undefined && item.responseObject !== undefined ? 'responseObject' : 'requestObject';
  return { batch: batch ?? null, event, object: `/items/${event}/${judged}` };
}
