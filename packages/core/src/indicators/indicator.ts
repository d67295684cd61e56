import type { Severity, Span } from '../model.js';
import type { PodTemplate } from '../manifest/pod-templates.js';
import type { PointerEdit } from '../yaml/pointer-edits.js';
import type { ScanMemo } from './scan-memo.js';

/** The MITRE ATT&CK technique an indicator detects. */
export interface AttackMapping {
  readonly technique: string;
  readonly name: string;
  readonly tactics: readonly string[];
  readonly url: string;
}

export const ATTACK_T1053_007: AttackMapping = {
  technique: 'T1053.007',
  name: 'Scheduled Task/Job: Container Orchestration Job',
  tactics: ['Execution', 'Persistence', 'Privilege Escalation'],
  url: 'https://attack.mitre.org/techniques/T1053/007/',
};

export const ATTACK_T1611: AttackMapping = {
  technique: 'T1611',
  name: 'Escape to Host',
  tactics: ['Privilege Escalation'],
  url: 'https://attack.mitre.org/techniques/T1611/',
};

export const ATTACK_T1496: AttackMapping = {
  technique: 'T1496',
  name: 'Resource Hijacking',
  tactics: ['Impact'],
  url: 'https://attack.mitre.org/techniques/T1496/',
};

export const ATTACK_T1027: AttackMapping = {
  technique: 'T1027',
  name: 'Obfuscated Files or Information',
  tactics: ['Defense Evasion'],
  url: 'https://attack.mitre.org/techniques/T1027/',
};

export const INDICATOR_DOCS_BASE = 'https://github.com/jobsentinel/jobsentinel/blob/main/docs/indicators.md';

/** What a check reports: the node at fault, and the text that made it so. */
export interface IndicatorHit {
  /** JSON pointer of the offending node, from the document root. */
  path: string;
  message: string;
  evidence: string;
  /** Overrides the indicator's default severity for this hit (e.g. image vs invocation). */
  severity?: Severity;
  /** Offsets inside the string at `path` (the offending lines of a script), when they can be told. */
  within?: Span;
}

export type Report = (hit: IndicatorHit) => void;

/**
 * A change to the manifest that removes what an indicator found, addressed by JSON pointer. Every host
 * gets it: the language server offers it as a quick fix, `scan --fix` applies the safe ones.
 */
export interface IndicatorFix {
  /** What the fix does, for a menu: `Set privileged: false`. */
  title: string;
  /**
   * Whether it may be applied unattended: it takes away a privilege the job should not need and leaves
   * what the job runs alone. Dropping a capability or changing a command is for a person to decide.
   */
  safe: boolean;
  edits: PointerEdit[];
}

/** Settings a check may need beyond the pod template itself. */
export interface CheckContext {
  /** Extra attacker-tooling images from `custom.images` (globs over the full reference). */
  customImages: readonly string[];
  /** What the scan remembers between checks (command models): the scan's own, never shared behind its back. */
  memo: ScanMemo;
}

/**
 * One indicator: its data, and one function that checks a pod template.
 * Checks are pure and see plain objects, so manifests and audit-log request bodies share them.
 */
export interface Indicator {
  id: string;
  title: string;
  /** What it flags, in one line of Markdown: the README's indicator table (`pnpm docs`). */
  summary: string;
  /** How hits' severities differ from `severity`, when they do (the README's table shows it instead). */
  severityNote?: string;
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
  /** The fix for one of its hits, when an edit can remove it (see ARCHITECTURE.md, "How to add a quick fix"). */
  fix?(hit: Pick<IndicatorHit, 'path' | 'evidence'>): IndicatorFix | undefined;
}

export function docsUrl(indicatorId: string): string {
  return `${INDICATOR_DOCS_BASE}#${indicatorId}`;
}
