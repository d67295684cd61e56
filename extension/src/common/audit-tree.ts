// What the "Audit Log Results" view shows, without VS Code: incidents first, each with its requests,
// each request with its indicator hits; then the writes that could not be inspected, and those whose
// hits the config's ignore entries suppressed. audit-view.ts
// turns these nodes into tree items.
import { describeSubject, incidentSubject, type AuditIncident, type AuditIndicatorHit, type AuditMatch, type SuppressedAuditWrite, type UninspectableWrite } from '@jobsentinel/core/audit';
import type { AuditResults } from './audit-results.js';

export type AuditTreeNode =
  | { kind: 'incident'; incident: AuditIncident; requests: AuditMatch[] }
  | { kind: 'request'; match: AuditMatch }
  | { kind: 'hit'; match: AuditMatch; hit: AuditIndicatorHit }
  /** Requests of an incident beyond those the scan kept. */
  | { kind: 'more'; count: number }
  | { kind: 'uninspectable-group'; writes: UninspectableWrite[]; total: number }
  | { kind: 'uninspectable'; write: UninspectableWrite }
  | { kind: 'suppressed-group'; writes: SuppressedAuditWrite[]; total: number }
  | { kind: 'suppressed'; write: SuppressedAuditWrite };

/** The top level: every incident (most severe first), then the uninspectable and the suppressed writes when there are any. */
export function rootNodes(results: Pick<AuditResults, 'incidents' | 'matches' | 'uninspectable' | 'suppressed' | 'summary'>): AuditTreeNode[] {
  const bySubject = new Map<string, AuditMatch[]>();
  for (const match of results.matches) {
    const key = describeSubject(incidentSubject(match));
    const list = bySubject.get(key);
    if (list) list.push(match);
    else bySubject.set(key, [match]);
  }
  const nodes: AuditTreeNode[] = results.incidents.map((incident) => ({ kind: 'incident', incident, requests: bySubject.get(describeSubject(incident)) ?? [] }));
  if (results.summary.uninspectable > 0) nodes.push({ kind: 'uninspectable-group', writes: results.uninspectable, total: results.summary.uninspectable });
  if (results.suppressed.length > 0) nodes.push({ kind: 'suppressed-group', writes: results.suppressed, total: results.summary.suppressed });
  return nodes;
}

export function childNodes(node: AuditTreeNode): AuditTreeNode[] {
  switch (node.kind) {
    case 'incident': {
      const more = node.incident.matches - node.requests.length;
      return [...node.requests.map((match): AuditTreeNode => ({ kind: 'request', match })), ...(more > 0 ? [{ kind: 'more' as const, count: more }] : [])];
    }
    case 'request':
      return node.match.indicators.map((hit) => ({ kind: 'hit', match: node.match, hit }));
    case 'uninspectable-group': {
      const more = node.total - node.writes.length;
      return [...node.writes.map((write): AuditTreeNode => ({ kind: 'uninspectable', write })), ...(more > 0 ? [{ kind: 'more' as const, count: more }] : [])];
    }
    case 'suppressed-group':
      return node.writes.map((write): AuditTreeNode => ({ kind: 'suppressed', write }));
    default:
      return [];
  }
}

/** The label and the dimmed description of a node. */
export function nodeText(node: AuditTreeNode): { label: string; description: string } {
  switch (node.kind) {
    case 'incident': {
      const { incident } = node;
      const span = incident.first === null ? '' : incident.first === incident.last ? ` · ${incident.first}` : ` · ${incident.first} → ${incident.last}`;
      return {
        label: describeSubject(incident),
        description: `${incident.matches} suspicious write${incident.matches === 1 ? '' : 's'}${span} · ${incident.indicators.join(', ')}`,
      };
    }
    case 'request':
      return {
        label: `${node.match.verb} ${node.match.resource} ${node.match.namespace ?? '-'}/${node.match.name ?? '?'}`,
        description: `line ${node.match.line} · ${node.match.timestamp ?? 'no timestamp'} · ${actor(node.match)} · ${node.match.outcome}`,
      };
    case 'hit':
      return { label: node.hit.indicator, description: node.hit.message };
    case 'more':
      return { label: `${node.count} more`, description: 'not kept by this scan; jobsentinel audit --format json lists every one' };
    case 'uninspectable-group':
      return { label: 'Not inspected', description: `${node.total} job write${node.total === 1 ? '' : 's'} logged without a body` };
    case 'uninspectable':
      return {
        label: `${node.write.verb} ${node.write.resource} ${node.write.namespace ?? '-'}/${node.write.name ?? '?'}`,
        description: `line ${node.write.line} · ${node.write.timestamp ?? 'no timestamp'} · ${actor(node.write)} · ${node.write.reason}`,
      };
    case 'suppressed-group':
      return { label: 'Suppressed', description: `${node.total} indicator hit${node.total === 1 ? '' : 's'} suppressed by the config's ignore entries` };
    case 'suppressed':
      return {
        label: `${node.write.verb} ${node.write.resource} ${node.write.namespace ?? '-'}/${node.write.name ?? '?'}`,
        description:
          `line ${node.write.line} · ${actor(node.write)} · ` +
          node.write.indicators.map((hit) => `${hit.indicator} suppressed by ignore entry ${hit.suppression.location.pointer}`).join(', '),
      };
  }
}

/** `alice (as bob; aws arn:aws:sts::…)`. */
export function actor(write: Pick<AuditMatch, 'user' | 'impersonatedUser' | 'cloudIdentity'>): string {
  const details = [write.impersonatedUser && `as ${write.impersonatedUser}`, write.cloudIdentity && `${write.cloudIdentity.provider} ${write.cloudIdentity.principal}`].filter(Boolean);
  return `${write.user ?? 'unknown user'}${details.length > 0 ? ` (${details.join('; ')})` : ''}`;
}
