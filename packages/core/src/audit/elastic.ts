import type { JobSentinelConfig } from '../config/config.js';
import { effectiveSeverity } from '../config/tuning.js';
import type { CustomIndicator } from '../indicators/custom-patterns.js';
import { indicatorById } from '../indicators/index.js';
import type { Severity } from '../model.js';
import type { AuditEvent } from './event.js';
import { addHit, type JudgedHits } from './hits.js';

/**
 * The seed rule's six clauses (docs/seed-rule.md) as it was meant to read: case-insensitive, unanchored,
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

/**
 * The seed clauses, then the config's custom patterns, over the raw text of an event. Tuning applies
 * as for manifests (severity, profile); hits an ignore entry covers (by namespace and user: a raw text
 * has no images, so entries that name images do not apply) are kept apart as suppressed.
 */
export function rawTextHits(rawText: string, event: AuditEvent, config: JobSentinelConfig, custom: readonly CustomIndicator[]): JudgedHits {
  const judged: JudgedHits = { hits: [], suppressed: [] };
  const where = { namespace: event.namespace, images: [], user: event.user ?? undefined };
  CLAUSES.forEach(({ indicator, pattern, fallbackSeverity }, index) => {
    const found = pattern.exec(rawText);
    if (!found) return;
    const severity = effectiveSeverity(config, { id: indicator, profile: 'seed' }, indicatorById(indicator)?.severity ?? fallbackSeverity);
    if (severity === null) return;
    const evidence = found[0].length > MAX_EVIDENCE ? `${found[0].slice(0, MAX_EVIDENCE - 1)}…` : found[0];
    addHit(judged, config, { indicator, severity, message: `Seed clause ${index + 1} (${pattern.source}) matches the raw event text.`, path: '', evidence }, where);
  });
  for (const indicator of custom) {
    if (!indicator.matcher.test(rawText)) continue;
    const severity = effectiveSeverity(config, indicator, indicator.severity);
    if (severity === null) continue;
    addHit(judged, config, {
      indicator: indicator.id,
      severity,
      message: `The raw event text matches custom pattern "${indicator.id}" (${indicator.title}).`,
      path: '',
      // The linear-time engines answer whether, not where: the pattern is what can be quoted.
      evidence: `/${indicator.pattern}/`,
    }, where);
  }
  return judged;
}
