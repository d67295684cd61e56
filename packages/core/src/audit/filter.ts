import { globMatch } from '../glob.js';
import type { AuditEvent } from './event.js';

/**
 * Which job writes a scan reports, decided per event while the log streams by (nothing is held back
 * to filter later). Every condition given must hold; a write outside them is counted, not judged.
 */
export interface AuditFilter {
  /** Writes at or after this instant (milliseconds since the epoch); writes with no readable timestamp are outside. */
  since?: number;
  /** Writes at or before this instant. */
  until?: number;
  /** Globs (`*`, `?`) over the namespace; a write without one matches only `*`-only globs. */
  namespaces?: readonly string[];
  /** Globs over who: the requesting user, the impersonated user or the cloud principal behind the user. */
  users?: readonly string[];
}

export function inScope(filter: AuditFilter, event: Pick<AuditEvent, 'timestamp' | 'namespace' | 'user' | 'impersonatedUser' | 'cloudIdentity'>): boolean {
  if (filter.since !== undefined || filter.until !== undefined) {
    const time = event.timestamp === null ? Number.NaN : Date.parse(event.timestamp);
    if (Number.isNaN(time)) return false;
    if (filter.since !== undefined && time < filter.since) return false;
    if (filter.until !== undefined && time > filter.until) return false;
  }
  if (filter.namespaces && filter.namespaces.length > 0 && !filter.namespaces.some((glob) => globMatch(glob, event.namespace ?? ''))) return false;
  if (filter.users && filter.users.length > 0) {
    const who = [event.user, event.impersonatedUser, event.cloudIdentity?.principal ?? null].filter((name): name is string => name !== null);
    if (!filter.users.some((glob) => who.some((name) => globMatch(glob, name)))) return false;
  }
  return true;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DURATION = /^(\d+)([smhd])$/;
const UNIT_MS: ReadonlyMap<string, number> = new Map([
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
]);

/**
 * A time bound as people write it: an RFC 3339 time (`2025-06-12T03:14:05Z`, with an offset or
 * fraction), a date (`2025-06-12`, UTC: from its first millisecond for `since`, to its last for
 * `until`), or an age (`30m`, `12h`, `7d`: that long before `now`). Undefined when it is none of these.
 */
export function parseTimeBound(text: string, bound: 'since' | 'until', now = Date.now()): number | undefined {
  const trimmed = text.trim();
  const age = DURATION.exec(trimmed);
  if (age) return now - Number(age[1]) * UNIT_MS.get(age[2])!;
  if (DATE.test(trimmed)) {
    const start = Date.parse(`${trimmed}T00:00:00Z`);
    if (Number.isNaN(start)) return undefined;
    return bound === 'since' ? start : start + 86_400_000 - 1;
  }
  // RFC 3339 only: a date, `T`, a time and a zone. Date.parse alone would also take "June 12" in local time.
  if (!/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(trimmed)) return undefined;
  const time = Date.parse(trimmed.replace(' ', 'T'));
  return Number.isNaN(time) ? undefined : time;
}
