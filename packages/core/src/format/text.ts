import type { Finding, Range, Severity, Suppression } from '../model.js';
import { printable } from '../text/printable.js';
import { count, painter } from './style.js';
import { allFindings, allProblems, allSuppressed, FILE_START, SEVERITIES, summarise, type ReportSummary, type ScanReport } from './report.js';

export interface TextOptions {
  /** ANSI colours; hosts turn them on only for a terminal. */
  color?: boolean;
  /** List each suppressed finding, with how it was suppressed (the summary always counts them). */
  showSuppressed?: boolean;
  /** Also list the files and documents that hold no Kubernetes object (quiet otherwise: nothing was lost). */
  verbose?: boolean;
}

/** The pseudo-ids shown in the id column for problems with the input itself. */
export const INPUT_ERROR_ID = 'input-error';
export const SKIPPED_ID = 'skipped';

type Label = Severity | 'note' | 'suppressed';

interface Line {
  file: string;
  range: Range;
  label: Label;
  id: string;
  message: string;
}

/**
 * Output for people: one block per file, one line per finding or problem as
 * `file:line:col  severity  id  message` (clickable in terminals and editors), then a summary line.
 */
export function formatText(report: ScanReport, options: TextOptions = {}): string {
  const paint = painter(options.color);
  const blocks = groupByFile(linesOf(report, options.showSuppressed === true, options.verbose === true)).map((lines) => {
    const where = lines.map((line) => `${line.file}:${line.range.start.line}:${line.range.start.column}`);
    const whereWidth = Math.max(...where.map((text) => text.length));
    const labelWidth = Math.max(...lines.map((line) => line.label.length));
    const idWidth = Math.max(...lines.map((line) => line.id.length));
    return lines
      .map((line, index) =>
        [
          paint('bold', where[index].padEnd(whereWidth)),
          paint(line.label === 'suppressed' ? 'dim' : line.label, line.label.padEnd(labelWidth)),
          paint('dim', line.id.padEnd(idWidth)),
          line.message,
        ].join('  '),
      )
      .join('\n');
  });
  const summary = printable(summaryLine(summarise(report), report.configs, report.baseline));
  return [...blocks, paint('bold', summary)].join('\n\n') + '\n';
}

function linesOf(report: ScanReport, showSuppressed: boolean, verbose: boolean): Line[] {
  // Every value from the input (file names, ids, messages quoting commands) is shown with its control characters escaped.
  const problems: Line[] = allProblems(report)
    .filter((problem) => verbose || problem.incomplete)
    .map((problem) => ({
      file: printable(problem.file),
      range: problem.range ?? FILE_START,
      label: problem.incomplete ? 'error' : 'note',
      id: problem.skipped ? SKIPPED_ID : INPUT_ERROR_ID,
      message: printable(problem.message),
    }));
  const findings: Line[] = allFindings(report).map((finding) => ({
    file: printable(finding.file),
    range: finding.range ?? FILE_START,
    label: finding.severity,
    id: printable(finding.indicator),
    message: printable(`${objectName(finding)}: ${finding.message}${sourceNote(finding)}`),
  }));
  const suppressed: Line[] = showSuppressed
    ? allSuppressed(report).map((finding) => ({
        file: printable(finding.file),
        range: finding.range ?? FILE_START,
        label: 'suppressed',
        id: printable(finding.indicator),
        message: printable(`${objectName(finding)}: ${finding.message} [${finding.severity}, suppressed by ${suppressedBy(finding.suppression)}]`),
      }))
    : [];
  return [...problems, ...findings, ...suppressed];
}

/** Where the value a finding is about is written, when that is another file (a ConfigMap's script). */
function sourceNote(finding: Finding): string {
  return finding.source ? `; written at ${finding.source.file}:${finding.source.range.start.line}:${finding.source.range.start.column}` : '';
}

/** `CronJob ops/backup`: which object a finding is about, whatever file (or standard input) it came from. */
function objectName(finding: { kind: string; namespace: string | null; name: string | null }): string {
  return `${finding.kind} ${finding.namespace === null ? '' : `${finding.namespace}/`}${finding.name ?? '(unnamed)'}`;
}

/** `the annotation at 7:20`, `a comment at 12:3`, `the config file's /ignore/0`. */
function suppressedBy({ kind, location }: Suppression): string {
  if ('pointer' in location) return `the config file's ignore entry ${location.pointer}`;
  const at = `${location.range.start.line}:${location.range.start.column}`;
  return kind === 'annotation' ? `the annotation at ${at}` : `a comment at ${at}`;
}

/** Blocks in order of each file's first line; within a block, by position (problems first on a tie). */
function groupByFile(lines: Line[]): Line[][] {
  const groups = new Map<string, Line[]>();
  for (const line of lines) {
    const group = groups.get(line.file);
    if (group) group.push(line);
    else groups.set(line.file, [line]);
  }
  return [...groups.values()].map((group) =>
    group.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column),
  );
}

/**
 * e.g. `3 findings (2 errors, 1 warning) in 2 of 5 files, 1 input error; config: .jobsentinel.yaml`.
 * `configs` absent: the host does not say which config applied, and the line does not either.
 */
export function summaryLine(summary: ReportSummary, configs?: readonly string[], baseline?: string): string {
  const parts: string[] = [];
  // Compared with a baseline, the findings listed are the new ones; the known ones are counted after them.
  const findingWord = baseline === undefined ? 'finding' : 'new finding';
  if (summary.findings === 0) {
    parts.push(`No ${findingWord}s in ${count(summary.files, 'file')}`);
  } else {
    const severities = SEVERITIES.filter((severity) => summary.bySeverity[severity] > 0)
      .map((severity) => count(summary.bySeverity[severity], severity, severity === 'information' ? severity : undefined))
      .join(', ');
    parts.push(
      `${count(summary.findings, findingWord)} (${severities}) in ${summary.filesWithFindings} of ${count(summary.files, 'file')}`,
    );
  }
  if (summary.suppressed > 0) parts.push(`${summary.suppressed} suppressed`);
  if (baseline !== undefined) parts.push(`${summary.known} known from the baseline ${baseline}`);
  if (summary.excluded > 0) parts.push(`${count(summary.excluded, 'path')} excluded`);
  if (summary.errors > 0) parts.push(count(summary.errors, 'input error'));
  if (summary.skipped > 0) parts.push(`${summary.skipped} not analysed`);
  // A run that could not judge all its input must not read as a clean one.
  if (summary.incomplete > 0) parts[0] = `Incomplete (${count(summary.incomplete, 'file')} not fully analysed): ${parts[0].replace(/^No/, 'no')}`;
  const line = parts.join(', ');
  return configs === undefined ? line : `${line}; ${configNote(configs)}`;
}

/** `config: a.yaml`, `configs: a.yaml, b/.jobsentinel.yaml`, or `no config file`. */
export function configNote(configs: readonly string[]): string {
  if (configs.length === 0) return 'no config file';
  return `${configs.length === 1 ? 'config' : 'configs'}: ${configs.join(', ')}`;
}
