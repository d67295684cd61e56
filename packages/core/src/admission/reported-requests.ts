/**
 * The requests an audit webhook receiver has already reported, across batches. kube-apiserver sends
 * a request's stages as they happen, so its RequestReceived and ResponseComplete events can arrive
 * in different batches, and it sends a batch again when the receiver did not answer in time: without
 * this memory each would be a second match. Bounded: the least recently seen request is forgotten
 * first (its stages are seconds apart, a replay minutes at most).
 */

import type { AuditMatch } from '../audit/model.js';

/** Enough for several minutes of a busy cluster's job writes that match. */
export const DEFAULT_REPORTED_REQUESTS = 16_384;
/** kube-apiserver's audit IDs are UUIDs; a longer one is not remembered rather than held. */
const MAX_KEY_LENGTH = 512;

export class ReportedRequests {
  /** Insertion order is recency order: a key seen again is moved to the end. */
  private readonly keys = new Map<string, true>();

  constructor(readonly capacity = DEFAULT_REPORTED_REQUESTS) {}

  get size(): number {
    return this.keys.size;
  }

  /**
   * Whether this request was reported before; remembers it either way. A request is its audit ID with
   * its verb, resource and namespace (not the name: a create's generated name shows only in its last
   * stage), so a replayed audit ID hides nothing written elsewhere. A match without an audit ID
   * cannot be recognised again and is always new.
   */
  seenBefore(match: AuditMatch): boolean {
    if (match.auditID === null) return false;
    const key = [match.auditID, match.verb, match.resource, match.namespace ?? ''].join('\u0000');
    if (key.length > MAX_KEY_LENGTH) return false;
    const seen = this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.keys().next().value as string);
    return seen;
  }
}
