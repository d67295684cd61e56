import type { Severity } from '../model.js';
import type { AuditMatch, AuditWrite } from './model.js';

/**
 * One object's story in a log: a CronJob and every Job its controller created from it (or a Job of
 * its own, or another controller's object), with every match that concerns it folded in. A busybox
 * CronJob that runs every minute for a day is one incident of 1,441 matches, not 1,441 rows.
 */
export interface AuditIncident {
  kind: string;
  namespace: string | null;
  name: string | null;
  /** The most severe indicator seen. */
  severity: Severity;
  /** Timestamps of the earliest and latest match (as logged); null when no match had one. */
  first: string | null;
  last: string | null;
  matches: number;
  /** Matches the API server refused. */
  denied: number;
  /** Every indicator seen, most severe first. */
  indicators: string[];
  /** Requesting users, in order of first appearance (the CronJob controller among them for its Jobs). */
  users: string[];
  impersonatedUsers: string[];
  /** Cloud principals behind the users (IAM ARNs, Google accounts, Entra ID object ids). */
  cloudIdentities: string[];
  /** Where the first match is. */
  file: string | null;
  line: number;
}

/** The object an incident is about. */
export interface IncidentSubject {
  kind: string;
  namespace: string | null;
  name: string | null;
}

const KINDS: ReadonlyMap<string, string> = new Map([
  ['cronjobs', 'CronJob'],
  ['jobs', 'Job'],
]);
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, information: 1, hint: 0 };

/** A Job a controller created belongs to its controller's object; anything else is its own. */
export function incidentSubject(write: Pick<AuditWrite, 'resource' | 'namespace' | 'name' | 'owner'>): IncidentSubject {
  if (write.owner) return { kind: write.owner.kind, namespace: write.namespace, name: write.owner.name };
  return { kind: KINDS.get(write.resource) ?? write.resource, namespace: write.namespace, name: write.name };
}

/** `CronJob payments/backup`, `Job (no namespace)/x`. */
export function describeSubject(subject: IncidentSubject): string {
  return `${subject.kind} ${subject.namespace ?? '(no namespace)'}/${subject.name ?? '(unnamed)'}`;
}

/** The requests an incident keeps for reports that show some of them: the first few, and the latest. */
export interface IncidentRequests {
  first: AuditMatch[];
  /** The latest match, when it is not among the first. */
  last: AuditMatch | undefined;
  /** Matches between the two, counted only. */
  omitted: number;
}

interface Tracked {
  incident: AuditIncident;
  /** Sets behind the incident's lists, for membership. */
  seen: { indicators: Map<string, Severity>; users: Set<string>; impersonated: Set<string>; cloud: Set<string> };
  requests: IncidentRequests;
}

/**
 * Groups matches into incidents as they stream by. Memory grows with the number of objects (and of
 * distinct users), never with the number of matches: each incident keeps counts, its sets, and at
 * most `requestsKept` + 1 of its matches.
 */
export class IncidentTracker {
  private readonly byKey = new Map<string, Tracked>();

  /** @param requestsKept matches to keep per incident (the first ones; the latest is kept as well when this is above 0). */
  constructor(private readonly requestsKept = 0) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Adds a match to its incident (opening one if needed) and returns that incident. */
  add(match: AuditMatch): AuditIncident {
    const subject = incidentSubject(match);
    const key = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name ?? ''}`;
    let tracked = this.byKey.get(key);
    if (!tracked) {
      tracked = {
        incident: {
          ...subject, severity: 'hint', first: null, last: null, matches: 0, denied: 0, indicators: [], users: [], impersonatedUsers: [], cloudIdentities: [],
          file: match.file, line: match.line,
        },
        seen: { indicators: new Map(), users: new Set(), impersonated: new Set(), cloud: new Set() },
        requests: { first: [], last: undefined, omitted: 0 },
      };
      this.byKey.set(key, tracked);
    }
    this.fold(tracked, match);
    return tracked.incident;
  }

  /** Incidents, most severe first, then by their first time. */
  list(): AuditIncident[] {
    return [...this.byKey.values()].map(({ incident }) => incident).sort(compareIncidents);
  }

  /** Incidents in the order of `list()`, each with the matches it kept. */
  withRequests(): Array<{ incident: AuditIncident; requests: IncidentRequests }> {
    return [...this.byKey.values()].sort((a, b) => compareIncidents(a.incident, b.incident)).map(({ incident, requests }) => ({ incident, requests }));
  }

  private fold({ incident, seen, requests }: Tracked, match: AuditMatch): void {
    incident.matches++;
    if (match.outcome === 'denied') incident.denied++;
    if (match.timestamp !== null) {
      if (incident.first === null || compareTimes(match.timestamp, incident.first) < 0) incident.first = match.timestamp;
      if (incident.last === null || compareTimes(match.timestamp, incident.last) > 0) incident.last = match.timestamp;
    }
    let changed = false;
    for (const hit of match.indicators) {
      const known = seen.indicators.get(hit.indicator);
      if (known === undefined || SEVERITY_RANK[hit.severity] > SEVERITY_RANK[known]) {
        seen.indicators.set(hit.indicator, hit.severity);
        changed = true;
      }
      if (SEVERITY_RANK[hit.severity] > SEVERITY_RANK[incident.severity]) incident.severity = hit.severity;
    }
    if (changed) {
      incident.indicators = [...seen.indicators].sort(([a, sa], [b, sb]) => SEVERITY_RANK[sb] - SEVERITY_RANK[sa] || a.localeCompare(b)).map(([id]) => id);
    }
    addNew(seen.users, incident.users, match.user);
    addNew(seen.impersonated, incident.impersonatedUsers, match.impersonatedUser);
    addNew(seen.cloud, incident.cloudIdentities, match.cloudIdentity?.principal ?? null);
    if (this.requestsKept === 0) return;
    if (requests.first.length < this.requestsKept) {
      requests.first.push(match);
      return;
    }
    if (requests.last) requests.omitted++;
    requests.last = match;
  }
}

function addNew(seen: Set<string>, list: string[], value: string | null): void {
  if (value === null || seen.has(value)) return;
  seen.add(value);
  list.push(value);
}

function compareIncidents(a: AuditIncident, b: AuditIncident): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareTimes(a.first ?? '', b.first ?? '') || b.matches - a.matches;
}

/** Audit timestamps differ in their fractions (`…05Z`, `…05.104Z`, `…05.104000Z`): compared as instants, then as text. */
export function compareTimes(a: string, b: string): number {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}
