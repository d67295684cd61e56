import type { AuditMatch, SuppressedAuditHit, UninspectableWrite } from './model.js';
import { ObjectStates } from './object-state.js';

/** What is known of one request while its stages are read. */
export interface RequestState {
  /** Reported (a match or an uninspectable write): later stages add nothing. */
  emitted: boolean;
  inspected: boolean;
  /** Set while every stage seen so far had no body to inspect. */
  uninspectable?: UninspectableWrite;
}

/** A match while its request is read: the hits reported, and those the config's ignore entries suppressed. */
export type PendingMatch = AuditMatch & { suppressed: SuppressedAuditHit[] };

/**
 * The logs of one series, scanned one after the other (a folder of rotated logs, oldest first): the
 * requests seen so far, those still waiting for their last stage, and the objects' last known states.
 * A request whose RequestReceived stage closes `audit.log.1` and whose ResponseComplete opens
 * `audit.log` is judged once, where its last stage is; a patch in the newer log is applied to the
 * state the older one left. Pass the same series to the scan of each log (`AuditScanOptions.series`),
 * then `endAuditSeries` for the requests that never completed.
 */
export class AuditSeries {
  readonly requests = new Map<string, RequestState>();
  readonly pending = new Map<string, PendingMatch>();
  /** Uninspectable writes waiting for their final stage, which may still bring a body. */
  readonly pendingUninspectable = new Map<string, UninspectableWrite>();
  readonly states = new ObjectStates();
}
