import { indicatorById } from '../indicators/index.js';
import type { Severity } from '../model.js';
import type { AuditEvent } from './event.js';
import type { AuditIndicatorHit } from './model.js';

/**
 * The seed rule's six clauses (SPEC section 1) as it was meant to read: case-insensitive, unanchored,
 * over the raw JSON text of the event. Each clause reports under the indicator it became.
 */
const CLAUSES: ReadonlyArray<{ indicator: string; pattern: RegExp; fallbackSeverity: Severity }> = [
  { indicator: 'attacker-tooling', pattern: /alpine|busybox|ubuntu|debian|kali|python|perl|ruby|php|ncat|netcat|nmap|masscan|curl|wget/i, fallbackSeverity: 'information' },
  { indicator: 'shell-escape', pattern: /bash -i|\/dev\/tcp|mkfifo|socat|base64 -d|chmod \+x/i, fallbackSeverity: 'error' },
  { indicator: 'host-path-mount', pattern: /hostPath/i, fallbackSeverity: 'warning' },
  { indicator: 'privileged-container', pattern: /privileged.*true/i, fallbackSeverity: 'error' },
  { indicator: 'host-network', pattern: /hostNetwork.*true/i, fallbackSeverity: 'warning' },
  { indicator: 'sensitive-mount', pattern: /\/var\/run\/docker\.sock|\/proc|\/sys/i, fallbackSeverity: 'error' },
];

const MAX_EVIDENCE = 120;

/** The seed filter, exactly: no subresource, stage, level or API-group filtering. */
export function passesSeedFilter(event: Pick<AuditEvent, 'verb' | 'resource'>): boolean {
  const resource = event.resource.toLowerCase();
  const verb = event.verb.toLowerCase();
  return (resource === 'cronjobs' || resource === 'jobs') && (verb === 'create' || verb === 'update' || verb === 'patch');
}

export function seedClauseHits(rawText: string): AuditIndicatorHit[] {
  const hits: AuditIndicatorHit[] = [];
  CLAUSES.forEach(({ indicator, pattern, fallbackSeverity }, index) => {
    const found = pattern.exec(rawText);
    if (!found) return;
    const evidence = found[0].length > MAX_EVIDENCE ? `${found[0].slice(0, MAX_EVIDENCE - 1)}…` : found[0];
    hits.push({
      indicator,
      severity: indicatorById(indicator)?.severity ?? fallbackSeverity,
      message: `Seed clause ${index + 1} (${pattern.source}) matches the raw event text.`,
      path: '',
      evidence,
    });
  });
  return hits;
}
