import { isRecord } from '../util/record.js';
import type { AuditEvent } from './event.js';
import { containedRecords, recogniseRecord } from './formats/index.js';

export { ACCEPTED_FORMATS } from './formats/index.js';

export interface NormalisedEvent {
  event: AuditEvent;
  format: string;
  /** The value the event was read from, for when its own text is needed. */
  source: unknown;
}

export interface Normalised {
  events: NormalisedEvent[];
  /** Values inside the record that are not audit events of any known format. */
  unrecognised: number;
}

const MAX_NESTING = 4;

/** Reads one parsed record, of whatever format, into audit events. */
export function normaliseRecord(value: unknown): Normalised {
  const result: Normalised = { events: [], unrecognised: 0 };
  collect(value, result, 0);
  return result;
}

function collect(value: unknown, into: Normalised, depth: number): void {
  if (depth > MAX_NESTING) {
    into.unrecognised++;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
    return;
  }
  if (!isRecord(value)) {
    into.unrecognised++;
    return;
  }
  const container = containedRecords(value);
  if (container) {
    for (const item of container) collect(item, into, depth + 1);
    return;
  }
  const found = recogniseRecord(value);
  if (found) into.events.push({ ...found, source: value });
  else into.unrecognised++;
}

/** A string that says something: an empty one is as good as none. */
export function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
