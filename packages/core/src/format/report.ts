import type { AnalysisError, AnalysisResult, Finding, Range, Severity, SuppressedFinding } from '../model.js';

/** One analysed input: its display name (relative path, forward slashes) and what the core found in it. */
export interface ScannedFile {
  file: string;
  result: AnalysisResult;
  /** Findings a `--baseline` report already holds (taken out of `result.findings`): listed as known, they do not count. */
  known?: Finding[];
}

/** A problem outside any analysed text: an unreadable path, a skipped file, a broken config file. */
export interface FileProblem {
  file: string;
  message: string;
  /** Where in the file, when the problem has a place (a config error); absent for the file as a whole. */
  range?: Range;
  /** The file was not judged (binary, too large, a Helm template): shown as skipped, still incomplete. */
  skipped?: boolean;
  /** The file holds no Kubernetes object: nothing was lost, listed only on request (--verbose). */
  notKubernetes?: boolean;
}

/**
 * What a scan produced, independent of how it is shown. Hosts build it; the formatters only read it,
 * so the CLI, the editor's export and later report kinds render the same data the same way.
 */
export interface ScanReport {
  files: ScannedFile[];
  errors: FileProblem[];
  /** The config files applied, as shown to users (empty: the defaults). Absent when the host does not say. */
  configs?: string[];
  /** The baseline report the findings were compared with (as shown to users); absent when none was given. */
  baseline?: string;
  /** Paths left out by `--exclude` (files, and folders not walked), as shown to users. */
  excluded?: string[];
}

export interface LocatedFinding extends Finding {
  file: string;
}

export interface LocatedSuppressedFinding extends SuppressedFinding {
  file: string;
}

export interface LocatedProblem {
  file: string;
  message: string;
  range?: Range;
  skipped: boolean;
  /** Some input was not analysed because of it: the run is incomplete (exit status 2). */
  incomplete: boolean;
}

/** The start of a file: where a problem with the file as a whole is shown. */
export const FILE_START: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** Every finding with its file, in file order, then by position within the file. */
export function allFindings(report: ScanReport): LocatedFinding[] {
  return report.files.flatMap(({ file, result }) =>
    result.findings.map((finding) => ({ ...finding, file })).sort(byPosition),
  );
}

/** Every suppressed finding with its file, in the same order as `allFindings`. */
export function allSuppressed(report: ScanReport): LocatedSuppressedFinding[] {
  return report.files.flatMap(({ file, result }) => (result.suppressed ?? []).map((finding) => ({ ...finding, file })).sort(byPosition));
}

/** Every finding the baseline already held, with its file, in the same order as `allFindings`. */
export function allKnown(report: ScanReport): LocatedFinding[] {
  return report.files.flatMap(({ file, known }) => (known ?? []).map((finding) => ({ ...finding, file })).sort(byPosition));
}

/** File-level problems first (they explain missing results), then each file's own errors by position. */
export function allProblems(report: ScanReport): LocatedProblem[] {
  const located = (file: string, problem: FileProblem | AnalysisError): LocatedProblem => ({
    file,
    message: problem.message,
    ...(problem.range ? { range: problem.range } : {}),
    skipped: problem.skipped === true,
    incomplete: problem.notKubernetes !== true,
  });
  const own = report.files.flatMap(({ file, result }) => result.errors.map((error) => located(file, error)).sort(byPosition));
  return [...report.errors.map((error) => located(error.file, error)), ...own];
}

export interface ReportSummary {
  files: number;
  documents: number;
  findings: number;
  /** Findings per severity. */
  bySeverity: Record<Severity, number>;
  /** Findings an annotation, a comment or the config file suppressed. */
  suppressed: number;
  /** Findings the baseline already held: not in `findings`, and they never fail a run. */
  known: number;
  /** Paths left out by `--exclude`. */
  excluded: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  /** Problems that left input unanalysed (unreadable or undecodable input, syntax errors, config errors). */
  errors: number;
  /** Of those, the inputs that were not judged at all (binary, too large, Helm templates). */
  skipped: number;
  /** Files (inputs and config files) with at least one of those problems: the run is incomplete when > 0. */
  incomplete: number;
  /** Notes that are no problem: documents or files holding no Kubernetes object. */
  notes: number;
}

export function summarise(report: ScanReport): ReportSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  let findings = 0;
  for (const { result } of report.files) {
    for (const finding of result.findings) bySeverity[finding.severity]++;
    findings += result.findings.length;
  }
  const problems = allProblems(report);
  const failures = problems.filter((problem) => problem.incomplete);
  return {
    files: report.files.length,
    documents: report.files.reduce((total, { result }) => total + result.documents, 0),
    findings,
    suppressed: report.files.reduce((total, { result }) => total + (result.suppressed?.length ?? 0), 0),
    bySeverity,
    known: report.files.reduce((total, { known }) => total + (known?.length ?? 0), 0),
    excluded: report.excluded?.length ?? 0,
    filesWithFindings: report.files.filter(({ result }) => result.findings.length > 0).length,
    errors: failures.length,
    skipped: failures.filter((problem) => problem.skipped).length,
    incomplete: new Set(failures.map((problem) => problem.file)).size,
    notes: problems.length - failures.length,
  };
}

function byPosition(a: { range?: Range }, b: { range?: Range }): number {
  const left = a.range ?? FILE_START;
  const right = b.range ?? FILE_START;
  return left.start.line - right.start.line || left.start.column - right.start.column;
}

/** How JSON `config` and SARIF name the config applied: one name, null for none, the list when several applied. */
export function configField(configs: readonly string[] = []): string | null | string[] {
  if (configs.length === 0) return null;
  return configs.length === 1 ? configs[0] : [...configs];
}
