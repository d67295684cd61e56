import { INDICATORS } from '../indicators/index.js';
import type { AuditMatch } from '../audit/model.js';
import { UNINSPECTABLE_ADVICE } from '../audit/evaluator.js';
import { auditProblems, auditTotals, type AuditReport } from './audit-report.js';
import {
  artifactUri, SARIF_SCHEMA, sarifLevel, TOOL_INFORMATION_URI, toSarif,
  type SarifLevel, type SarifLocation, type SarifLog, type SarifOptions, type SarifRule, type SarifRun,
} from './sarif.js';

export interface AuditSarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  properties: Pick<AuditMatch, 'auditID' | 'user' | 'verb' | 'resource' | 'namespace' | 'name' | 'outcome' | 'timestamp' | 'sourceIPs'> & { evidence: string };
}

export type AuditSarifLog = Omit<SarifLog, 'runs'> & { runs: [Omit<SarifRun, 'results'> & { results: AuditSarifResult[] }] };

/**
 * SARIF 2.1.0 for audit logs: one result per indicator hit, located at the log line of the request.
 * Rules are the same descriptors as for manifests.
 */
export function toAuditSarif(report: AuditReport, options: SarifOptions): AuditSarifLog {
  // The manifest formatter owns the rule descriptors; an empty report yields just them.
  const rules: SarifRule[] = [...toSarif({ files: [], errors: [] }, { ...options, rules: options.rules ?? INDICATORS }).runs[0].tool.driver.rules];
  const uriBaseId = options.baseUri === undefined ? undefined : 'SRCROOT';
  const location = (file: string, line?: number): SarifLocation => ({
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file), ...(uriBaseId ? { uriBaseId } : {}) },
      ...(line === undefined ? {} : { region: { startLine: line, startColumn: 1, endLine: line, endColumn: 1 } }),
    },
  });
  const results: AuditSarifResult[] = report.files.flatMap(({ file, matches }) =>
    matches.flatMap((match) =>
      match.indicators.map((hit) => {
        if (!rules.some((rule) => rule.id === hit.indicator)) rules.push(customRule(hit.indicator, sarifLevel(hit.severity)));
        return {
          ruleId: hit.indicator,
          ruleIndex: rules.findIndex((rule) => rule.id === hit.indicator),
          level: sarifLevel(hit.severity),
          message: { text: `${describeRequest(match)}: ${hit.message} Evidence: ${hit.evidence}` },
          locations: [{ ...location(file, match.line), logicalLocations: [{ name: hit.path || '/', fullyQualifiedName: hit.path || '/', kind: 'property' }] }],
          properties: {
            auditID: match.auditID,
            user: match.user,
            verb: match.verb,
            resource: match.resource,
            namespace: match.namespace,
            name: match.name,
            outcome: match.outcome,
            timestamp: match.timestamp,
            sourceIPs: match.sourceIPs,
            evidence: hit.evidence,
          },
        };
      }),
    ),
  );
  const problems = auditProblems(report);
  const totals = auditTotals(report);
  const notifications = problems.map((problem) => ({
    level: (problem.severity === 'error' ? 'error' : 'warning') as SarifLevel,
    message: { text: problem.message },
    locations: [location(problem.file, problem.line)],
  }));
  if (totals.uninspectable > 0) {
    notifications.push({
      level: 'warning',
      message: { text: `${totals.uninspectable} job writes were logged without their body and could not be inspected: ${UNINSPECTABLE_ADVICE}.` },
      locations: [],
    });
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'jobsentinel', informationUri: TOOL_INFORMATION_URI, version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        ...(options.baseUri === undefined ? {} : { originalUriBaseIds: { SRCROOT: { uri: options.baseUri.endsWith('/') ? options.baseUri : options.baseUri + '/' } } }),
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: problems.every((problem) => problem.severity !== 'error'), toolExecutionNotifications: notifications }],
      },
    ],
  };
}

export function formatAuditSarif(report: AuditReport, options: SarifOptions): string {
  return JSON.stringify(toAuditSarif(report, options), null, 2) + '\n';
}

export function describeRequest(match: AuditMatch): string {
  const object = [match.namespace, match.name].filter(Boolean).join('/') || '(unnamed)';
  return `${match.user ?? 'unknown user'} ${match.verb} ${match.resource} ${object} (${match.outcome})`;
}

function customRule(id: string, level: SarifLevel): SarifRule {
  const text = `Custom indicator "${id}" from the jobsentinel config.`;
  return {
    id,
    name: id,
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: text },
    helpUri: TOOL_INFORMATION_URI,
    defaultConfiguration: { level },
    properties: { tags: ['security', 'kubernetes', 'T1053.007', 'custom'], precision: 'medium', 'security-severity': '5.0' },
  };
}
