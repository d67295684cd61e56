import type { AuditMatch } from '../audit/model.js';
import { UNINSPECTABLE_ADVICE } from '../audit/evaluator.js';
import { auditProblems, auditTotals, type AuditReport } from './audit-report.js';
import {
  customRule, logicalLocation, ruleIndex, sarifLevel, sarifLocation, sarifLog, sarifRules, TOOL_INFORMATION_URI,
  type SarifLevel, type SarifLocation, type SarifLog, type SarifNotification, type SarifOptions, type SarifRun,
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
  const rules = sarifRules(options);
  const lineRange = (line?: number) => (line === undefined ? undefined : { start: { line, column: 1 }, end: { line, column: 1 } });
  const results: AuditSarifResult[] = report.files.flatMap(({ file, matches }) =>
    matches.flatMap((match) =>
      match.indicators.map((hit) => ({
        ruleId: hit.indicator,
        ruleIndex: ruleIndex(rules, hit.indicator, () => customRule(hit.indicator, hit.indicator, TOOL_INFORMATION_URI, hit.severity, '5.0')),
        level: sarifLevel(hit.severity),
        message: { text: `${describeRequest(match)}: ${hit.message} Evidence: ${hit.evidence}` },
        locations: [{ ...sarifLocation(file, options, lineRange(match.line)), logicalLocations: [logicalLocation(hit.path || '/')] }],
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
      })),
    ),
  );
  const problems = auditProblems(report);
  const uninspectable = auditTotals(report).uninspectable;
  const notifications: SarifNotification[] = problems.map((problem) => ({
    level: problem.severity,
    message: { text: problem.message },
    locations: [sarifLocation(problem.file, options, lineRange(problem.line))],
  }));
  if (uninspectable > 0) {
    notifications.push({
      level: 'warning',
      message: { text: `${uninspectable} job writes were logged without their body and could not be inspected: ${UNINSPECTABLE_ADVICE}.` },
      locations: [],
    });
  }
  return sarifLog(options, rules, results, problems.every((problem) => problem.severity !== 'error'), notifications);
}

export function formatAuditSarif(report: AuditReport, options: SarifOptions): string {
  return JSON.stringify(toAuditSarif(report, options), null, 2) + '\n';
}

function describeRequest(match: AuditMatch): string {
  const object = [match.namespace, match.name].filter(Boolean).join('/') || '(unnamed)';
  return `${match.user ?? 'unknown user'} ${match.verb} ${match.resource} ${object} (${match.outcome})`;
}
