import type { AuditMatch } from '../audit/model.js';
import { UNINSPECTABLE_ADVICE } from '../audit/evaluator.js';
import type { Severity } from '../model.js';
import { auditProblems, auditTotals, type AuditReport } from './audit-report.js';

export interface AuditTextOptions {
  color?: boolean;
}

const STYLE = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', magenta: '35' } as const;
const SEVERITY_STYLE: Record<Severity, keyof typeof STYLE> = { error: 'red', warning: 'yellow', information: 'cyan', hint: 'dim' };

/**
 * A triage report: per match, when, who, what, on which object, whether it went through, and each
 * indicator with its evidence; then the problems and the summary, with the audit-policy advice when
 * job writes could not be inspected.
 */
export function formatAuditText(report: AuditReport, options: AuditTextOptions = {}): string {
  const paint = (style: keyof typeof STYLE, text: string) => (options.color ? `\u001b[${STYLE[style]}m${text}\u001b[0m` : text);
  const out: string[] = [];
  for (const { file, matches } of report.files) {
    for (const match of matches) out.push(...matchLines(file, match, paint), '');
  }
  const problems = auditProblems(report);
  if (problems.length > 0) {
    out.push(paint('bold', 'Problems'));
    for (const problem of problems) {
      const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
      out.push(`  ${where}: ${paint(problem.severity === 'error' ? 'red' : 'yellow', problem.severity)}: ${problem.message}`);
    }
    out.push('');
  }
  const totals = auditTotals(report);
  const denied = report.files.reduce((count, { matches }) => count + matches.filter((match) => match.outcome === 'denied').length, 0);
  const formats = [...new Set(report.files.flatMap((file) => file.formats))];
  out.push(
    paint('bold', `${totals.matches} suspicious job ${totals.matches === 1 ? 'write' : 'writes'}`) +
      (denied > 0 ? ` (${denied} denied)` : '') +
      ` in ${totals.jobWrites} job writes among ${totals.events} events` +
      ` (${report.files.length} ${report.files.length === 1 ? 'file' : 'files'}, ${report.mode} mode${formats.length > 0 ? `, ${formats.join(', ')}` : ''}).`,
  );
  const notes = [
    totals.duplicates > 0 ? `${totals.duplicates} further stages of the same requests counted once` : '',
    totals.malformed > 0 ? `${totals.malformed} malformed ${totals.malformed === 1 ? 'record' : 'records'} skipped` : '',
  ].filter(Boolean);
  if (notes.length > 0) out.push(notes.join('; ') + '.');
  if (totals.uninspectable > 0) {
    out.push(
      paint('yellow', `${totals.uninspectable} job ${totals.uninspectable === 1 ? 'write was' : 'writes were'} logged without a body (Metadata level) and could not be inspected.`) +
        ` To see them, ${UNINSPECTABLE_ADVICE}.`,
    );
  }
  return out.join('\n') + '\n';
}

function matchLines(file: string, match: AuditMatch, paint: (style: keyof typeof STYLE, text: string) => string): string[] {
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
      `    ${paint(SEVERITY_STYLE[hit.severity], hit.severity.padEnd(11))} ${hit.indicator.padEnd(width)}  ${hit.message}${evidence}` +
        (hit.path ? paint('dim', `  at ${hit.path}`) : ''),
    );
  }
  return lines;
}
