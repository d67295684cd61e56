import { CUSTOM_PATTERNS_DOCS } from '../indicators/custom-patterns.js';
import { ATTACK_T1053_007, docsUrl, INDICATORS, type Indicator } from '../indicators/index.js';
import type { Range, Severity } from '../model.js';
import { allFindings, allKnown, allProblems, allSuppressed, configField, type LocatedFinding, type LocatedSuppressedFinding, type ScanReport } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://github.com/jobsentinel/jobsentinel';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export interface SarifOptions {
  /** The tool's version, as the host knows it (the CLI's package version). */
  toolVersion: string;
  /** The rules to describe; defaults to every built-in indicator. Ids found but not listed get a plain rule. */
  rules?: readonly Indicator[];
  /** A `file:` URI that relative artifact paths resolve against (SARIF `%SRCROOT%`). */
  baseUri?: string;
  /**
   * Whether the run did all it was asked (the CLI: exit status other than 2). Defaults to: no input
   * outside the analysed files failed (an unreadable path); problems inside a file do not count.
   */
  executionSuccessful?: boolean;
}

/** Only the parts of SARIF 2.1.0 that jobsentinel writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [SarifRun];
}

export interface SarifRun {
  tool: { driver: { name: string; informationUri: string; version: string; semanticVersion: string; rules: SarifRule[] } };
  originalUriBaseIds?: Record<string, { uri: string }>;
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
  invocations: [SarifInvocation];
}

/** `properties.config`: the config file applied (null for none, a list when several), as JSON `config`. */
export interface SarifInvocation {
  executionSuccessful: boolean;
  toolExecutionNotifications: SarifNotification[];
  properties: { config: string | null | string[]; baseline?: string; excluded?: string[] };
}

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; precision: string; 'security-severity': string };
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region?: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
  logicalLocations?: Array<{ name: string; fullyQualifiedName: string; kind: string }>;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  /** Where the value it is about is written, when another file holds it (a ConfigMap's script). */
  relatedLocations?: Array<SarifLocation & { id: number; message: { text: string } }>;
  properties: { document: number; kind: string; name: string | null; namespace: string | null; evidence: string };
  /** Present on suppressed findings: code scanning shows them as dismissed, with where the suppression sits. */
  suppressions?: SarifSuppression[];
  /** With `--baseline`: `unchanged` for a finding the baseline held, `new` for one it did not. */
  baselineState?: 'new' | 'unchanged';
}

/** `inSource` for an annotation or comment in the manifest, `external` for an `ignore:` entry of the config file. */
export interface SarifSuppression {
  kind: 'inSource' | 'external';
  justification: string;
  location?: SarifLocation;
  properties?: { pointer: string };
}

export interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties?: Record<string, unknown>;
}

/** LSP-style severities to SARIF levels: SARIF has no `information` or `hint`. */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** GitHub code scanning ranks security results by this score (0–10); it follows the default severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', information: '3.0', hint: '1.0' };

export function toSarif(report: ScanReport, options: SarifOptions): SarifLog {
  const rules = sarifRules(options);
  const result = (finding: LocatedFinding): SarifResult => ({
    ruleId: finding.indicator,
    ruleIndex: ruleIndex(rules, finding.indicator, () =>
      // Custom ids have no section of their own in the indicator documentation; link the page.
      customRule(finding.indicator, pascalCase(finding.indicator), docsUrl(finding.indicator).split('#')[0], finding.severity, SECURITY_SEVERITY[finding.severity]),
    ),
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [{ ...sarifLocation(finding.file, options, finding.range), logicalLocations: [logicalLocation(finding.path)] }],
    ...(finding.source
      ? { relatedLocations: [{ id: 0, ...sarifLocation(finding.source.file, options, finding.source.range), logicalLocations: [logicalLocation(finding.source.path)], message: { text: 'the value it runs' } }] }
      : {}),
    properties: { document: finding.document, kind: finding.kind, name: finding.name, namespace: finding.namespace, evidence: finding.evidence },
  });
  const compared = report.baseline !== undefined;
  const results = [
    ...allFindings(report).map((finding) => (compared ? { ...result(finding), baselineState: 'new' as const } : result(finding))),
    ...allKnown(report).map((finding) => ({ ...result(finding), baselineState: 'unchanged' as const })),
    ...allSuppressed(report).map((finding) => ({ ...result(finding), suppressions: [sarifSuppression(finding, options)] })),
  ];
  const notifications = allProblems(report).map((problem): SarifNotification => ({
    level: problem.incomplete ? 'error' : 'note',
    message: { text: problem.message },
    locations: [sarifLocation(problem.file, options, problem.range)],
  }));
  const complete = notifications.every((notification) => notification.level !== 'error');
  const log = sarifLog(options, rules, results, options.executionSuccessful ?? complete, notifications, report.configs);
  const properties = log.runs[0].invocations[0].properties;
  if (compared) properties.baseline = report.baseline;
  if (report.excluded !== undefined) properties.excluded = report.excluded;
  return log;
}

function sarifSuppression(finding: LocatedSuppressedFinding, options: SarifOptions): SarifSuppression {
  const { kind, location } = finding.suppression;
  if ('pointer' in location) return configSarifSuppression(location.pointer);
  const how = kind === 'annotation' ? 'the jobsentinel.io/ignore annotation' : 'a jobsentinel-ignore comment';
  return { kind: 'inSource', justification: `suppressed by ${how}`, location: sarifLocation(finding.file, options, location.range) };
}

/** An `ignore:` entry of the config file, at its JSON pointer (`/ignore/0`): shared with the audit formatter. */
export function configSarifSuppression(pointer: string): SarifSuppression {
  return { kind: 'external', justification: `ignore entry ${pointer} of the config file`, properties: { pointer } };
}

export function formatSarif(report: ScanReport, options: SarifOptions): string {
  return JSON.stringify(toSarif(report, options), null, 2) + '\n';
}

/** The log around one run's rules, results and notifications (shared with the audit formatter). */
export function sarifLog<R>(
  options: SarifOptions,
  rules: SarifRule[],
  results: R[],
  executionSuccessful: boolean,
  toolExecutionNotifications: SarifNotification[],
  configs: readonly string[] | undefined,
) {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'jobsentinel', informationUri: TOOL_INFORMATION_URI, version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        ...(options.baseUri === undefined ? {} : { originalUriBaseIds: { SRCROOT: { uri: options.baseUri.replace(/\/?$/, '/') } } }),
        columnKind: 'utf16CodeUnits' as const,
        results,
        invocations: [{ executionSuccessful, toolExecutionNotifications, properties: { config: configField(configs) } }] as [SarifInvocation],
      },
    ] as [Omit<SarifRun, 'results'> & { results: R[] }],
  };
}

/** The descriptors of the rules to describe: every built-in indicator unless the host lists them. */
export function sarifRules(options: SarifOptions): SarifRule[] {
  return (options.rules ?? INDICATORS).map(ruleFor);
}

/** The index of the rule for `id`, adding the rule `make` builds when the run has none yet. */
export function ruleIndex(rules: SarifRule[], id: string, make: () => SarifRule): number {
  const index = rules.findIndex((rule) => rule.id === id);
  return index < 0 ? rules.push(make()) - 1 : index;
}

function ruleFor(indicator: Indicator): SarifRule {
  const { id, description, remediation, falsePositives, attack, profile } = indicator;
  const markdown =
    `${description}\n\n**Remediation.** ${remediation}\n\n**False positives.** ${falsePositives}\n\n` +
    `MITRE ATT&CK [${attack.technique}](${attack.url}): ${attack.name}.\n` +
    `Suppress a reviewed finding with \`# jobsentinel-ignore: ${id}\` on the line or the line above, ` +
    'the `jobsentinel.io/ignore` annotation, or an `ignore:` entry in `.jobsentinel.yaml`.';
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: indicator.title },
    fullDescription: { text: description },
    help: { text: `${description}\nRemediation: ${remediation}\nFalse positives: ${falsePositives}`, markdown },
    helpUri: profile === 'custom' ? CUSTOM_PATTERNS_DOCS : docsUrl(id),
    defaultConfiguration: { level: sarifLevel(indicator.severity) },
    properties: {
      // Every rule judges a scheduled job (T1053.007); some detect a further technique in it (T1611, T1496).
      tags: ['security', 'kubernetes', ...new Set([ATTACK_T1053_007.technique, attack.technique]), profile === 'seed' ? 'seed-rule' : profile],
      precision: profile === 'custom' ? 'medium' : 'high',
      'security-severity': SECURITY_SEVERITY[indicator.severity],
    },
  };
}

/** A rule for an id the host did not describe (a custom pattern from the config). */
export function customRule(id: string, name: string, helpUri: string, severity: Severity, securitySeverity: string): SarifRule {
  const text = `Custom indicator "${id}" from the jobsentinel config.`;
  return {
    id,
    name,
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: text },
    helpUri,
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['security', 'kubernetes', ATTACK_T1053_007.technique, 'custom'], precision: 'medium', 'security-severity': securitySeverity },
  };
}

/** Where in which file; relative paths resolve against `%SRCROOT%` when the host gave a base URI. */
export function sarifLocation(file: string, options: SarifOptions, range?: Range): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file), ...(options.baseUri === undefined ? {} : { uriBaseId: 'SRCROOT' }) },
      ...(range && { region: { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column } }),
    },
  };
}

/** The JSON pointer of the offending node: stable across reformatting, unlike the region. */
export function logicalLocation(path: string): { name: string; fullyQualifiedName: string; kind: string } {
  return { name: path, fullyQualifiedName: path, kind: 'property' };
}

/** A relative URI reference: forward slashes, each segment percent-encoded (spaces, `#`, `%`). */
export function artifactUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id.replace(/(^|[-_])([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}
