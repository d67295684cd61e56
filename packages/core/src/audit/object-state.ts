import { isRecord } from '../util/record.js';
import type { AuditEvent } from './event.js';
import { nonEmpty } from './normalise.js';

/** Jobs and CronJobs whose last state a scan keeps; beyond it the least recently written is forgotten. */
const MAX_OBJECTS = 2_000;

/**
 * The last known state of each Job and CronJob written in the log, so a patch is judged on the object
 * it leaves behind rather than on its own few lines. Bounded (least recently written first out): a
 * forgotten object's next patch is judged on what it writes, as if the log began there.
 */
export class ObjectStates {
  private readonly states = new Map<string, Record<string, unknown>>();

  constructor(private readonly max = MAX_OBJECTS) {}

  /** Which object an event writes: resource, namespace and name (from the body when the request named none). */
  keyOf(event: AuditEvent): string | undefined {
    const name = event.name ?? nameIn(event.responseObject) ?? nameIn(event.requestObject);
    return name === null ? undefined : `${event.resource}\u0000${event.namespace ?? ''}\u0000${name}`;
  }

  get(key: string): Record<string, unknown> | undefined {
    const state = this.states.get(key);
    if (state !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.states.delete(key);
      this.states.set(key, state);
    }
    return state;
  }

  remember(key: string, state: Record<string, unknown>): void {
    this.states.delete(key);
    this.states.set(key, state);
    if (this.states.size > this.max) this.states.delete(this.states.keys().next().value as string);
  }

  /** The object was written in a way the log does not show: what was known of it is no longer its state. */
  forget(key: string): void {
    this.states.delete(key);
  }
}

function nameIn(object: unknown): string | null {
  return isRecord(object) && isRecord(object.metadata) ? nonEmpty(object.metadata.name) : null;
}
