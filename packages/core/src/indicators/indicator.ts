import type { Severity } from '../model.js';
import type { PodTemplate } from '../manifest/pod-templates.js';

export const ATTACK_T1053_007 = {
  technique: 'T1053.007',
  name: 'Scheduled Task/Job: Container Orchestration Job',
  tactics: ['Execution', 'Persistence', 'Privilege Escalation'],
  url: 'https://attack.mitre.org/techniques/T1053/007/',
} as const;

export type AttackMapping = typeof ATTACK_T1053_007;

export const INDICATOR_DOCS_BASE = 'https://github.com/jobsentinel/jobsentinel/blob/main/docs/indicators.md';

/** What a check reports: the node at fault, and the text that made it so. */
export interface IndicatorHit {
  /** JSON pointer of the offending node, from the document root. */
  path: string;
  message: string;
  evidence: string;
  /** Overrides the indicator's default severity for this hit (e.g. image vs invocation). */
  severity?: Severity;
}

export type Report = (hit: IndicatorHit) => void;

/** Settings a check may need beyond the pod template itself. */
export interface CheckContext {
  /** Extra attacker-tooling images from `custom.images` (globs over the full reference). */
  customImages: readonly string[];
}

/**
 * One indicator: its data, and one function that checks a pod template.
 * Checks are pure and see plain objects, so manifests and audit-log request bodies share them.
 */
export interface Indicator {
  id: string;
  title: string;
  /**
   * `seed` indicators are the six clauses of the original rule; `extended` ones are ours; `custom` ones
   * come from the user's `custom.patterns` and stay on under `profile: seed` (the user asked for them).
   */
  profile: 'seed' | 'extended' | 'custom';
  /** The seed rule's clause number (1–6), for seed indicators. */
  seedClause?: number;
  severity: Severity;
  description: string;
  remediation: string;
  falsePositives: string;
  attack: AttackMapping;
  /**
   * Reads only the pod spec: `spec`, `specPath` and `containers` (not the object's names or
   * annotations). Audit scans rely on it: they remember the hits of each pod spec they have judged.
   */
  check(template: PodTemplate, report: Report, context: CheckContext): void;
}

export function docsUrl(indicatorId: string): string {
  return `${INDICATOR_DOCS_BASE}#${indicatorId}`;
}
