import { UNINSPECTABLE_ADVICE } from '../audit/model.js';
import { compareTimes, describeSubject, IncidentTracker, incidentSubject, type AuditIncident, type IncidentRequests } from '../audit/incidents.js';
import type { AuditMatch, AuditWrite, CloudIdentity, SuppressedAuditWrite, UninspectableReason, UninspectableWrite } from '../audit/model.js';
import { printable } from '../text/printable.js';
import { count, painter, type Style } from './style.js';
import { configNote } from './text.js';
import { auditIncomplete, auditProblems, auditTotals, renderAuditReport, type AuditReport, type AuditReportWriter, type AuditRunEnd, type TextSink } from './audit-report.js';
import type { AuditMode } from '../audit/model.js';

export interface AuditTextOptions {
  color?: boolean;
  /** List each write with hits the config's ignore entries suppressed (the summary always counts them). */
  showSuppressed?: boolean;
}

type Paint = (style: Style, text: string) => string;

/** Requests shown per incident: the first ones, then the latest. */
const REQUESTS_SHOWN = 3;

export function formatAuditText(report: AuditReport, options: AuditTextOptions = {}): string {
  return renderAuditReport(report, (out) => auditTextWriter(out, report.mode, options));
}

/**
 * A triage report that leads with incidents: per object (a CronJob with the Jobs its controller
 * made), how many suspicious writes, when, by whom and with which indicators, then a few of its
 * requests with their evidence; then what could not be inspected, the problems and the summary. It
 * keeps per object a few requests and some counts, never every match.
 */
export function auditTextWriter(out: TextSink, mode: AuditMode, options: AuditTextOptions = {}): AuditReportWriter {
  const paint = painter(options.color);
  const incidents = new IncidentTracker(REQUESTS_SHOWN);
  const hidden = new HiddenWrites();
  const suppressed: Array<SuppressedAuditWrite & { file: string }> = [];
  let denied = 0;
  return {
    match(file, match) {
      incidents.add({ ...match, file });
      if (match.outcome === 'denied') denied++;
    },
    uninspectable(file, write) {
      hidden.add({ ...write, file });
    },
    suppressed(file, write) {
      if (options.showSuppressed) suppressed.push({ ...write, file });
    },
    end(run) {
      const lines: string[] = [];
      const all = incidents.withRequests();
      if (all.length > 0) {
        lines.push(paint('bold', `Incidents (${all.length})`), '');
        all.forEach(({ incident, requests }, index) => lines.push(...incidentLines(index + 1, incident, requests, paint), ''));
      }
      lines.push(...hidden.lines(paint));
      lines.push(...suppressedLines(suppressed, paint));
      lines.push(...problemLines(run, paint));
      lines.push(...summaryLines(run, mode, incidents.size, denied, paint));
      out(lines.join('\n') + '\n');
    },
  };
}

function incidentLines(number: number, incident: AuditIncident, requests: IncidentRequests, paint: Paint): string[] {
  const span = incident.first === null ? 'no timestamps' : incident.first === incident.last ? incident.first : `${incident.first} → ${incident.last}`;
  const refused = incident.denied > 0 ? `, ${incident.denied} denied` : '';
  const lines = [
    `${paint('bold', `${number}.`)} ${paint(incident.severity, incident.severity)}  ${paint('bold', printable(describeSubject(incident)))}  ` +
      `${count(incident.matches, 'suspicious write')}${refused}  ${printable(span)}`,
    `   Indicators: ${incident.indicators.join(', ')}`,
    `   Users: ${incident.users.map(printable).join(', ') || 'unknown'}`,
  ];
  if (incident.impersonatedUsers.length > 0) lines.push(`   Impersonated: ${incident.impersonatedUsers.map(printable).join(', ')}`);
  if (incident.cloudIdentities.length > 0) lines.push(`   Cloud identities: ${incident.cloudIdentities.map(printable).join(', ')}`);
  lines.push('   Requests:');
  for (const match of requests.first) lines.push(...matchLines(match, paint, '     '));
  if (requests.omitted > 0) lines.push(paint('dim', `     … ${count(requests.omitted, 'more request')} (--format json lists every one)`));
  if (requests.last) lines.push(...matchLines(requests.last, paint, '     '));
  return lines;
}

function matchLines(match: AuditMatch, paint: Paint, indent: string): string[] {
  const outcome = match.outcome === 'denied' ? paint('magenta', 'DENIED') : match.outcome;
  const origin = [match.sourceIPs.join(', '), match.userAgent].filter(Boolean).join(', ');
  const lines = [
    `${indent}${paint('bold', `${printable(match.file ?? '')}:${match.line}`)}  ${printable(match.timestamp ?? 'no timestamp')}  ${outcome}` +
      (match.auditID ? paint('dim', `  audit ID ${printable(match.auditID)}`) : ''),
    `${indent}  ${who(match)} ${paint('bold', printable(match.verb))} ${printable(match.resource)} ${paint('bold', printable(objectOf(match)))}` +
      (match.owner ? ` (created for ${printable(match.owner.kind)} ${printable(match.owner.name)})` : '') +
      (origin ? paint('dim', `  (${printable(origin)})`) : ''),
  ];
  const width = Math.max(...match.indicators.map((hit) => hit.indicator.length));
  for (const hit of match.indicators) {
    // Messages mostly quote their evidence; when one does not, the evidence follows it.
    const evidence = hit.message.includes(hit.evidence) ? '' : ` Evidence: ${hit.evidence}`;
    lines.push(
      `${indent}    ${paint(hit.severity, hit.severity.padEnd(11))} ${hit.indicator.padEnd(width)}  ${printable(hit.message + evidence)}` +
        (hit.path ? paint('dim', `  at ${printable(hit.path)}`) : ''),
    );
  }
  return lines;
}

/** `alice (as bob; aws arn:aws:sts::1:assumed-role/admin/alice, session alice, key ASIA…)`. */
function who(write: AuditWrite): string {
  const details = [write.impersonatedUser === null ? '' : `as ${write.impersonatedUser}`, write.cloudIdentity ? describeCloud(write.cloudIdentity) : ''].filter(Boolean);
  return printable(`${write.user ?? 'unknown user'}${details.length > 0 ? ` (${details.join('; ')})` : ''}`);
}

function describeCloud(identity: CloudIdentity): string {
  const extra = [identity.sessionName && `session ${identity.sessionName}`, identity.accessKeyId && `key ${identity.accessKeyId}`].filter(Boolean);
  return `${identity.provider} ${identity.principal}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`;
}

function objectOf(write: AuditWrite): string {
  return [write.namespace, write.name].filter(Boolean).join('/') || '(unnamed)';
}

interface HiddenGroup {
  subject: string;
  count: number;
  reasons: Set<UninspectableReason>;
  users: Set<string>;
  first: UninspectableWrite;
  last: string | null;
  earliest: string | null;
}

/** Uninspectable writes, grouped by object like incidents: a Metadata-level CronJob's Jobs are one line, not thousands. */
class HiddenWrites {
  private readonly groups = new Map<string, HiddenGroup>();

  add(write: UninspectableWrite): void {
    const subject = describeSubject(incidentSubject(write));
    let group = this.groups.get(subject);
    if (!group) this.groups.set(subject, (group = { subject, count: 0, reasons: new Set(), users: new Set(), first: write, earliest: null, last: null }));
    group.count++;
    group.reasons.add(write.reason);
    if (write.user !== null) group.users.add(write.user);
    if (write.timestamp !== null) {
      if (group.earliest === null || compareTimes(write.timestamp, group.earliest) < 0) group.earliest = write.timestamp;
      if (group.last === null || compareTimes(write.timestamp, group.last) > 0) group.last = write.timestamp;
    }
  }

  lines(paint: Paint): string[] {
    if (this.groups.size === 0) return [];
    const lines = [paint('bold', 'Not inspected: job writes logged without a body to judge'), ''];
    for (const group of this.groups.values()) {
      const span = group.earliest === null ? 'no timestamps' : group.earliest === group.last ? group.earliest : `${group.earliest} → ${group.last}`;
      lines.push(
        `  ${paint('warning', printable(group.subject))}: ${count(group.count, 'write')} (${[...group.reasons].join(', ')}) by ${[...group.users].map(printable).join(', ') || 'unknown user'}, ${printable(span)}`,
        paint('dim', `    first: ${printable(group.first.file ?? '')}:${group.first.line}, ${printable(group.first.verb)} by ${who(group.first)}${group.first.auditID ? `, audit ID ${printable(group.first.auditID)}` : ''}`),
      );
    }
    lines.push('');
    return lines;
  }
}

/** `--show-suppressed`: each write whose hits an ignore entry suppressed, and which entry. */
function suppressedLines(writes: ReadonlyArray<SuppressedAuditWrite & { file: string }>, paint: Paint): string[] {
  if (writes.length === 0) return [];
  const lines = [paint('bold', `Suppressed by the config's ignore entries (${writes.length})`), ''];
  for (const write of writes) {
    lines.push(
      `  ${paint('bold', `${printable(write.file)}:${write.line}`)}  ${printable(write.timestamp ?? 'no timestamp')}  ${who(write)} ${printable(write.verb)} ${printable(write.resource)} ${printable(objectOf(write))}`,
    );
    for (const hit of write.indicators) {
      lines.push(paint('dim', `    ${hit.severity.padEnd(11)} ${hit.indicator}  ${printable(hit.message)}  [suppressed by ignore entry ${hit.suppression.location.pointer} of the config file]`));
    }
  }
  lines.push('');
  return lines;
}

function problemLines(run: AuditRunEnd, paint: Paint): string[] {
  const problems = auditProblems(run);
  if (problems.length === 0) return [];
  const lines = [paint('bold', 'Problems')];
  for (const problem of problems) {
    const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
    lines.push(`  ${printable(where)}: ${paint(problem.severity, problem.severity)}: ${printable(problem.message)}`);
  }
  lines.push('');
  return lines;
}

function summaryLines(run: AuditRunEnd, mode: AuditMode, incidents: number, denied: number, paint: Paint): string[] {
  const totals = auditTotals(run);
  const formats = [...new Set(run.files.flatMap((file) => file.formats))];
  const lines = [
    paint('bold', `${count(totals.matches, 'suspicious job write')} in ${count(incidents, 'incident')}`) +
      (denied > 0 ? ` (${denied} denied)` : '') +
      ` among ${totals.jobWrites} job writes in ${totals.events} events` +
      ` (${count(run.files.length, 'file')}, ${mode} mode${formats.length > 0 ? `, ${formats.join(', ')}` : ''}` +
      `${run.configs === undefined ? '' : `; ${configNote(run.configs)}`}).`,
  ];
  const notes = [
    totals.duplicates > 0 ? `${totals.duplicates} further stages of the same requests counted once` : '',
    totals.malformed > 0 ? `${count(totals.malformed, 'malformed record')} skipped` : '',
    totals.filteredOut > 0 ? `${count(totals.filteredOut, 'job write')} outside the time, namespace and user filters left out` : '',
    totals.suppressed > 0 ? `${count(totals.suppressed, 'indicator hit')} suppressed by the config's ignore entries (--show-suppressed lists them)` : '',
  ].filter(Boolean);
  if (notes.length > 0) lines.push(notes.join('; ') + '.');
  const incomplete = auditIncomplete(run);
  if (incomplete > 0) lines.push(paint('error', `Incomplete: ${count(incomplete, 'file was', 'files were')} not fully analysed (see Problems).`));
  if (totals.uninspectable > 0) {
    lines.push(
      paint('warning', `${count(totals.uninspectable, 'job write was', 'job writes were')} logged without a body and could not be inspected (listed above).`) +
        ` To see them, ${UNINSPECTABLE_ADVICE}.`,
    );
  }
  return lines;
}
