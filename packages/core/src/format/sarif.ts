import { CUSTOM_PATTERNS_DOCS } from '../indicators/custom-patterns.js';
import { ATTACK_T1053_007, docsUrl, INDICATORS, type Indicator } from '../indicators/index.js';
import type { Range, Severity } from '../model.js';
import { allFindings, allProblems, type LocatedFinding, type ScanReport } from './report.js';

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
  invocations: [{ executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }];
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
  properties: { document: number; kind: string; name: string | null; namespace: string | null; evidence: string };
}

export interface SarifNotification {
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
}

/** LSP-style severities to SARIF levels: SARIF has no `information` or `hint`. */
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** GitHub code scanning ranks security results by this score (0–10); it follows the default severity. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.5', information: '3.0', hint: '1.0' };

export function toSarif(report: ScanReport, options: SarifOptions): SarifLog {
  const findings = allFindings(report);
  const rules = (options.rules ?? INDICATORS).map(ruleFor);
  for (const finding of findings) {
    if (!rules.some((rule) => rule.id === finding.indicator)) rules.push(plainRule(finding));
  }
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const uriBaseId = options.baseUri === undefined ? undefined : 'SRCROOT';
  const problems = allProblems(report);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'jobsentinel',
            informationUri: TOOL_INFORMATION_URI,
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules,
          },
        },
        ...(options.baseUri === undefined ? {} : { originalUriBaseIds: { SRCROOT: { uri: withTrailingSlash(options.baseUri) } } }),
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding) => ({
          ruleId: finding.indicator,
          ruleIndex: ruleIndex.get(finding.indicator)!,
          level: sarifLevel(finding.severity),
          message: { text: finding.message },
          locations: [
            {
              ...physical(finding.file, finding.range, uriBaseId),
              logicalLocations: [logical(finding)],
            },
          ],
          properties: {
            document: finding.document,
            kind: finding.kind,
            name: finding.name,
            namespace: finding.namespace,
            evidence: finding.evidence,
          },
        })),
        invocations: [
          {
            executionSuccessful: options.executionSuccessful ?? report.errors.every((error) => error.skipped === true),
            toolExecutionNotifications: problems.map((problem) => ({
              level: problem.skipped ? 'note' : 'error',
              message: { text: problem.message },
              locations: [physical(problem.file, problem.range, uriBaseId)],
            })),
          },
        ],
      },
    ],
  };
}

export function formatSarif(report: ScanReport, options: SarifOptions): string {
  return JSON.stringify(toSarif(report, options), null, 2) + '\n';
}

function ruleFor(indicator: Indicator): SarifRule {
  const markdown = [
    indicator.description,
    '',
    '**Remediation.** ' + indicator.remediation,
    '',
    '**False positives.** ' + indicator.falsePositives,
    '',
    `MITRE ATT&CK [${indicator.attack.technique}](${indicator.attack.url}): ${indicator.attack.name}.`,
    'Suppress a reviewed finding with `# jobsentinel-ignore: ' + indicator.id + '` on the line or the line above, ' +
      'the `jobsentinel.io/ignore` annotation, or an `ignore:` entry in `.jobsentinel.yaml`.',
  ].join('\n');
  return {
    id: indicator.id,
    name: pascalCase(indicator.id),
    shortDescription: { text: indicator.title },
    fullDescription: { text: indicator.description },
    help: {
      text: `${indicator.description}\nRemediation: ${indicator.remediation}\nFalse positives: ${indicator.falsePositives}`,
      markdown,
    },
    helpUri: indicator.profile === 'custom' ? CUSTOM_PATTERNS_DOCS : docsUrl(indicator.id),
    defaultConfiguration: { level: sarifLevel(indicator.severity) },
    properties: {
      tags: ['security', 'kubernetes', indicator.attack.technique, indicator.profile === 'seed' ? 'seed-rule' : indicator.profile],
      precision: indicator.profile === 'custom' ? 'medium' : 'high',
      'security-severity': SECURITY_SEVERITY[indicator.severity],
    },
  };
}

/** A rule for an id the host did not describe (a custom pattern from the config). */
function plainRule(finding: LocatedFinding): SarifRule {
  const text = `Custom indicator "${finding.indicator}" from the jobsentinel config.`;
  return {
    id: finding.indicator,
    name: pascalCase(finding.indicator),
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: text },
    // Custom ids have no section of their own in the indicator documentation; link the page.
    helpUri: docsUrl(finding.indicator).split('#')[0],
    defaultConfiguration: { level: sarifLevel(finding.severity) },
    properties: {
      tags: ['security', 'kubernetes', ATTACK_T1053_007.technique, 'custom'],
      precision: 'medium',
      'security-severity': SECURITY_SEVERITY[finding.severity],
    },
  };
}

function physical(file: string, range: Range | undefined, uriBaseId: string | undefined): SarifLocation {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file), ...(uriBaseId ? { uriBaseId } : {}) },
      ...(range
        ? {
            region: {
              startLine: range.start.line,
              startColumn: range.start.column,
              endLine: range.end.line,
              endColumn: range.end.column,
            },
          }
        : {}),
    },
  };
}

/** The JSON pointer of the offending node: stable across reformatting, unlike the region. */
function logical(finding: LocatedFinding): { name: string; fullyQualifiedName: string; kind: string } {
  return { name: finding.path, fullyQualifiedName: finding.path, kind: 'property' };
}

/** A relative URI reference: forward slashes, each segment percent-encoded (spaces, `#`, `%`). */
export function artifactUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

function withTrailingSlash(uri: string): string {
  return uri.endsWith('/') ? uri : uri + '/';
}

function pascalCase(id: string): string {
  return id.replace(/(^|[-_])([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}
