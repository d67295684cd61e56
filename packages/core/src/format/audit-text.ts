import type { AuditMatch } from '../audit/model.js';
import { UNINSPECTABLE_ADVICE } from '../audit/evaluator.js';
import { count, painter, type Style } from './style.js';
import { auditProblems, auditTotals, type AuditReport } from './audit-report.js';

export interface AuditTextOptions {
  color?: boolean;
}


/**
 * A triage report: per match, when, who, what, on which object, whether it went through, and each
 * indicator with its evidence; then the problems and the summary, with the audit-policy advice when
 * job writes could not be inspected.
 */
export function formatAuditText(report: AuditReport, options: AuditTextOptions = {}): string {
  const paint = painter(options.color);
  const out: string[] = [];
  for (const { file, matches } of report.files) {
    for (const match of matches) out.push(...matchLines(file, match, paint), '');
  }
  const problems = auditProblems(report);
  if (problems.length > 0) {
    out.push(paint('bold', 'Problems'));
    for (const problem of problems) {
      const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
      out.push(`  ${where}: ${paint(problem.severity, problem.severity)}: ${problem.message}`);
    }
    out.push('');
  }
  const totals = auditTotals(report);
  const denied = report.files.reduce((count, { matches }) => count + matches.filter((match) => match.outcome === 'denied').length, 0);
  const formats = [...new Set(report.files.flatMap((file) => file.formats))];
  out.push(
    paint('bold', count(totals.matches, 'suspicious job write')) +
      (denied > 0 ? ` (${denied} denied)` : '') +
      ` in ${totals.jobWrites} job writes among ${totals.events} events` +
      ` (${count(report.files.length, 'file')}, ${report.mode} mode${formats.length > 0 ? `, ${formats.join(', ')}` : ''}).`,
  );
  const notes = [
    totals.duplicates > 0 ? `${totals.duplicates} further stages of the same requests counted once` : '',
    totals.malformed > 0 ? `${count(totals.malformed, 'malformed record')} skipped` : '',
  ].filter(Boolean);
  if (notes.length > 0) out.push(notes.join('; ') + '.');
  if (totals.uninspectable > 0) {
    out.push(
      paint('warning', `${count(totals.uninspectable, 'job write was', 'job writes were')} logged without a body (Metadata level) and could not be inspected.`) +
        ` To see them, ${UNINSPECTABLE_ADVICE}.`,
    );
  }
  return out.join('\n') + '\n';
}

function matchLines(file: string, match: AuditMatch, paint: (style: Style, text: string) => string): string[] {
  const object = [match.namespace, match.name].filter(Boolean).join('/') || '(unnamed)';
  const outcome = match.outcome === 'denied' ? paint('magenta', 'DENIED') : match.outcome;
  const origin = [match.sourceIPs.join(', '), match.userAgent].filter(Boolean).join(', ');
  const lines = [
    `${paint('bold', `${file}:${match.line}`)}  ${match.timestamp ?? 'no timestamp'}  ${outcome}${match.auditID ? paint('dim', `  audit ID ${match.auditID}`) : ''}`,
    `  ${match.user ?? 'unknown user'} ${paint('bold', match.verb)} ${match.resource} ${paint('bold', object)}${origin ? paint('dim', `  (${origin})`) : ''}`,
  ];
  const width = Math.max(...match.indicators.map((hit) => hit.indicator.length));
  for (const hit of match.indicators) {
    // Messages mostly quote their evidence; when one does not, the evidence follows it.
    const evidence = hit.message.includes(hit.evidence) ? '' : ` Evidence: ${hit.evidence}`;
    lines.push(
      `    ${paint(hit.severity, hit.severity.padEnd(11))} ${hit.indicator.padEnd(width)}  ${hit.message}${evidence}` +
        (hit.path ? paint('dim', `  at ${hit.path}`) : ''),
    );
  }
  return lines;
}
