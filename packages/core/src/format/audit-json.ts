import { IncidentTracker, type AuditIncident } from '../audit/incidents.js';
import type { AuditMatch, AuditMode, AuditSummary, SuppressedAuditWrite, UninspectableWrite } from '../audit/model.js';
import {
  auditIncomplete, auditProblems, auditTotals, indentLines, renderAuditReport, replayAuditReport, type AuditReport, type AuditReportWriter, type AuditRunEnd, type TextSink,
} from './audit-report.js';
import { configField } from './report.js';

/** `audit --format json` (documented in docs/audit-logs.md). */
export interface JsonAuditOutput {
  version: 1;
  mode: AuditMode;
  /** Every match, in the order found. */
  matches: Array<AuditMatch & { file: string }>;
  /** Every job write that could not be inspected, and why. */
  uninspectable: Array<UninspectableWrite & { file: string }>;
  /** Every job write with hits the config's ignore entries suppressed, with those hits and the entry of each. */
  suppressed: Array<SuppressedAuditWrite & { file: string }>;
  incidents: AuditIncident[];
  errors: Array<{ file: string; line?: number; severity: 'error' | 'warning'; message: string }>;
  /** The config file applied; null for none; a list when different logs used different files. */
  config: string | null | string[];
  summary: JsonAuditSummary;
}

/** `incomplete`: how many files could not be analysed completely (the exit status is 2 when above 0). */
export type JsonAuditSummary = Pick<AuditSummary, 'events' | 'jobWrites' | 'matches'> & { incidents: number } & Omit<AuditSummary, 'events' | 'jobWrites' | 'matches'> & {
  incomplete: number;
};

export function toJsonAuditReport(report: AuditReport): JsonAuditOutput {
  let output: JsonAuditOutput | undefined;
  const matches: JsonAuditOutput['matches'] = [];
  const uninspectable: JsonAuditOutput['uninspectable'] = [];
  const suppressed: JsonAuditOutput['suppressed'] = [];
  const incidents = new IncidentTracker();
  replayAuditReport(report, {
    match: (file, match) => {
      incidents.add(match);
      matches.push({ ...match, file });
    },
    uninspectable: (file, write) => uninspectable.push({ ...write, file }),
    suppressed: (file, write) => suppressed.push({ ...write, file }),
    end: (run) => {
      output = { version: 1, mode: report.mode, matches, uninspectable, suppressed, ...tail(run, incidents) };
    },
  });
  return output!;
}

export function formatAuditJson(report: AuditReport): string {
  return renderAuditReport(report, (out) => auditJsonWriter(out, report.mode));
}

/**
 * The JSON report written as the scan goes: each match is printed when found, so memory does not grow
 * with their number. Uninspectable and suppressed writes come after the matches in the object, so they
 * wait, as compact text; incidents and the summary are known at the end.
 */
export function auditJsonWriter(out: TextSink, mode: AuditMode): AuditReportWriter {
  const incidents = new IncidentTracker();
  const uninspectable: string[] = [];
  const suppressed: string[] = [];
  let matches = 0;
  out(`{\n  "version": 1,\n  "mode": ${JSON.stringify(mode)},\n  "matches": [`);
  return {
    match(file, match) {
      incidents.add(match);
      out(`${matches++ === 0 ? '\n' : ',\n'}${indentLines(JSON.stringify({ ...match, file }, null, 2), '    ')}`);
    },
    uninspectable(file, write) {
      uninspectable.push(JSON.stringify({ ...write, file }));
    },
    suppressed(file, write) {
      suppressed.push(JSON.stringify({ ...write, file }));
    },
    end(run) {
      out(matches === 0 ? '],\n' : '\n  ],\n');
      printHeld(out, 'uninspectable', uninspectable);
      printHeld(out, 'suppressed', suppressed);
      // The rest is one small object: printed whole, without its braces.
      const rest = JSON.stringify(tail(run, incidents), null, 2);
      out(`${rest.slice(2, -2)}\n}\n`);
    },
  };
}

/** A member of the report whose entries waited as compact JSON text, pretty-printed. */
function printHeld(out: TextSink, name: string, held: string[]): void {
  out(`  "${name}": [`);
  held.forEach((text, index) => out(`${index === 0 ? '\n' : ',\n'}${indentLines(JSON.stringify(JSON.parse(text), null, 2), '    ')}`));
  out(held.length === 0 ? '],\n' : '\n  ],\n');
  held.length = 0;
}

function tail(run: AuditRunEnd, incidents: IncidentTracker): Pick<JsonAuditOutput, 'incidents' | 'errors' | 'config' | 'summary'> {
  const { events, jobWrites, matches, ...rest } = auditTotals(run);
  return {
    incidents: incidents.list(),
    errors: auditProblems(run),
    config: configField(run.configs),
    summary: { events, jobWrites, matches, incidents: incidents.size, ...rest, incomplete: auditIncomplete(run) },
  };
}
