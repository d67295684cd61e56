import { UNINSPECTABLE_ADVICE } from '../audit/model.js';
import { describeSubject, IncidentTracker, incidentSubject, type AuditIncident } from '../audit/incidents.js';
import type { AuditIndicatorHit, AuditMatch, AuditWrite, SuppressedAuditHit, UninspectableWrite } from '../audit/model.js';
import { auditIncomplete, auditProblems, auditTotals, indentLines, renderAuditReport, type AuditReport, type AuditReportWriter, type AuditRunEnd, type TextSink } from './audit-report.js';
import {
  configSarifSuppression,
  customRule, logicalLocation, ruleIndex, sarifLevel, sarifLocation, sarifLog, sarifRules, TOOL_INFORMATION_URI,
  type SarifLevel, type SarifLocation, type SarifLog, type SarifNotification, type SarifOptions, type SarifRun, type SarifSuppression,
} from './sarif.js';

export interface AuditSarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  /** The same for every result of one incident (SARIF's "logically the same result" grouping). */
  correlationGuid: string;
  properties: Pick<
    AuditMatch,
    'auditID' | 'user' | 'impersonatedUser' | 'cloudIdentity' | 'owner' | 'verb' | 'resource' | 'namespace' | 'name' | 'outcome' | 'timestamp' | 'sourceIPs'
  > & { evidence: string; incident: string };
  /** On a hit an `ignore:` entry of the config file suppressed: viewers show it as dismissed. */
  suppressions?: SarifSuppression[];
}

export type AuditSarifLog = Omit<SarifLog, 'runs'> & {
  runs: [Omit<SarifRun, 'results'> & { results: AuditSarifResult[]; properties: { incidents: AuditIncident[] } }];
};

export function toAuditSarif(report: AuditReport, options: SarifOptions): AuditSarifLog {
  return JSON.parse(formatAuditSarif(report, options)) as AuditSarifLog;
}

export function formatAuditSarif(report: AuditReport, options: SarifOptions): string {
  return renderAuditReport(report, (out) => auditSarifWriter(out, options));
}

/**
 * SARIF 2.1.0 for audit logs, written as the scan goes: one result per indicator hit, located at the
 * log line of the request and printed when found; a hit the config's ignore entries suppressed is a
 * result with its `suppressions`. The results come first in the run (SARIF does not
 * order an object's members), the rules, notifications (problems, and each uninspectable write) and
 * the incidents (`run.properties.incidents`, and each result's `correlationGuid`) at the end.
 */
export function auditSarifWriter(out: TextSink, options: SarifOptions): AuditReportWriter {
  const rules = sarifRules(options);
  const incidents = new IncidentTracker();
  const uninspectable: SarifNotification[] = [];
  let results = 0;
  out(`{\n  "$schema": ${JSON.stringify(sarifLog(options, [], [], true, [], undefined).$schema)},\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": [`);
  return {
    match(file, match) {
      incidents.add(match);
      for (const result of resultsOf(file, match, match.indicators, rules, options)) {
        out(`${results++ === 0 ? '\n' : ',\n'}${indentLines(JSON.stringify(result, null, 2), '        ')}`);
      }
    },
    suppressed(file, write) {
      for (const result of resultsOf(file, write, write.indicators, rules, options)) {
        out(`${results++ === 0 ? '\n' : ',\n'}${indentLines(JSON.stringify(result, null, 2), '        ')}`);
      }
    },
    uninspectable(file, write) {
      uninspectable.push(uninspectableNotification(file, write, options));
    },
    end(run) {
      out(results === 0 ? '],\n' : '\n      ],\n');
      const { runs } = sarifLog(options, rules, [], auditIncomplete(run) === 0, [...notifications(run, options), ...uninspectable], run.configs);
      const { results: _none, ...rest } = runs[0];
      const tail = JSON.stringify({ ...rest, properties: { incidents: incidents.list() } }, null, 2);
      out(`${indentLines(tail.slice(2, -2), '    ')}\n    }\n  ]\n}\n`);
    },
  };
}

function resultsOf(file: string, match: AuditWrite, hits: ReadonlyArray<AuditIndicatorHit | SuppressedAuditHit>, rules: ReturnType<typeof sarifRules>, options: SarifOptions): AuditSarifResult[] {
  const subject = incidentSubject(match);
  const incident = describeSubject(subject);
  return hits.map((hit) => ({
    ruleId: hit.indicator,
    ruleIndex: ruleIndex(rules, hit.indicator, () => customRule(hit.indicator, hit.indicator, TOOL_INFORMATION_URI, hit.severity, '5.0')),
    level: sarifLevel(hit.severity),
    message: { text: `${describeRequest(match)}: ${hit.message} Evidence: ${hit.evidence}` },
    locations: [{ ...sarifLocation(file, options, lineRange(match.line)), logicalLocations: [logicalLocation(hit.path || '/')] }],
    correlationGuid: guidOf(incident),
    properties: {
      auditID: match.auditID,
      user: match.user,
      impersonatedUser: match.impersonatedUser,
      cloudIdentity: match.cloudIdentity,
      owner: match.owner,
      incident,
      verb: match.verb,
      resource: match.resource,
      namespace: match.namespace,
      name: match.name,
      outcome: match.outcome,
      timestamp: match.timestamp,
      sourceIPs: match.sourceIPs,
      evidence: hit.evidence,
    },
    ...('suppression' in hit ? { suppressions: [configSarifSuppression(hit.suppression.location.pointer)] } : {}),
  }));
}

function notifications(run: AuditRunEnd, options: SarifOptions): SarifNotification[] {
  const list: SarifNotification[] = auditProblems(run).map((problem) => ({
    level: problem.severity,
    message: { text: problem.message },
    locations: [sarifLocation(problem.file, options, lineRange(problem.line))],
  }));
  const uninspectable = auditTotals(run).uninspectable;
  if (uninspectable > 0) {
    list.push({
      level: 'warning',
      message: { text: `${uninspectable} job writes were logged without a body to inspect (each is listed): ${UNINSPECTABLE_ADVICE}.` },
      locations: [],
    });
  }
  return list;
}

function uninspectableNotification(file: string, write: UninspectableWrite, options: SarifOptions): SarifNotification {
  return {
    level: 'warning',
    message: { text: `${describeRequest(write)} at ${write.timestamp ?? 'an unknown time'} could not be inspected: ${write.reason}.` },
    locations: [sarifLocation(file, options, lineRange(write.line))],
    properties: {
      auditID: write.auditID,
      user: write.user,
      impersonatedUser: write.impersonatedUser,
      cloudIdentity: write.cloudIdentity,
      owner: write.owner,
      timestamp: write.timestamp,
      reason: write.reason,
    },
  };
}

function lineRange(line?: number) {
  return line === undefined ? undefined : { start: { line, column: 1 }, end: { line, column: 1 } };
}

function describeRequest(write: AuditWrite): string {
  const object = [write.namespace, write.name].filter(Boolean).join('/') || '(unnamed)';
  const as = write.impersonatedUser === null ? '' : ` (as ${write.impersonatedUser})`;
  return `${write.user ?? 'unknown user'}${as} ${write.verb} ${write.resource} ${object} (${write.outcome})`;
}

/**
 * A GUID that is the same for every result of one incident: SARIF viewers group results by it. Made
 * from the incident's name (four 32-bit FNV-1a hashes), shaped as a version-5-style GUID.
 */
function guidOf(text: string): string {
  const hex = [0x811c9dc5, 0x050c5d1f, 0x1b873593, 0x7feb352d].map((seed) => fnv32(text, seed).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fnv32(text: string, seed: number): number {
  let hash = seed;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}
