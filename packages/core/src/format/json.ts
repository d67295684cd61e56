import type { FindingSource, Range, Severity, Suppression } from '../model.js';
import { allFindings, allKnown, allProblems, allSuppressed, configField, FILE_START, summarise, type LocatedFinding, type ScanReport } from './report.js';

type JsonFinding = {
  file: string;
  document: number;
  kind: string;
  name: string | null;
  namespace: string | null;
  indicator: string;
  severity: Severity;
  message: string;
  path: string;
  range: Range | null;
  evidence: string;
  /** Where the value it is about is written, when another file holds it (a ConfigMap's script). */
  source?: FindingSource;
};

/** `scan --format json` (its fields are described in docs/cli.md, "json"). Version 1 only ever gains fields; none is renamed or dropped. */
export interface JsonScanOutput {
  version: 1;
  findings: JsonFinding[];
  errors: Array<{ file: string; message: string; range: Range; skipped: boolean; incomplete: boolean }>;
  /** Findings an annotation, a comment or the config file suppressed, with how and where. */
  suppressed: Array<JsonFinding & { suppression: Suppression }>;
  /** The config file applied; null for none; a list when different folders used different files. */
  config: string | null | string[];
  /** With `--baseline`: the baseline report, and the findings it already held (they are not in `findings`). */
  baseline: { file: string; findings: JsonFinding[] } | null;
  /** Paths `--exclude` left out. */
  excluded: string[];
  summary: { files: number; documents: number; findings: number; suppressed: number; baseline: number; excluded: number; errors: number; incomplete: number };
}

export function toJsonReport(report: ScanReport): JsonScanOutput {
  const summary = summarise(report);
  return {
    version: 1,
    findings: allFindings(report).map(jsonFinding),
    errors: allProblems(report).map((problem) => ({
      file: problem.file,
      message: problem.message,
      range: problem.range ?? FILE_START,
      skipped: problem.skipped,
      incomplete: problem.incomplete,
    })),
    suppressed: allSuppressed(report).map((finding) => ({ ...jsonFinding(finding), suppression: finding.suppression })),
    config: configField(report.configs),
    baseline: report.baseline === undefined ? null : { file: report.baseline, findings: allKnown(report).map(jsonFinding) },
    excluded: report.excluded ?? [],
    summary: {
      files: summary.files,
      documents: summary.documents,
      findings: summary.findings,
      suppressed: summary.suppressed,
      baseline: summary.known,
      excluded: summary.excluded,
      errors: summary.errors,
      incomplete: summary.incomplete,
    },
  };
}

function jsonFinding(finding: LocatedFinding): JsonFinding {
  return {
    file: finding.file,
    document: finding.document,
    kind: finding.kind,
    name: finding.name,
    namespace: finding.namespace,
    indicator: finding.indicator,
    severity: finding.severity,
    message: finding.message,
    path: finding.path,
    range: finding.range ?? null,
    evidence: finding.evidence,
    ...(finding.source ? { source: finding.source } : {}),
  };
}

/** The JSON text the CLI prints: one indented object, newline-terminated. */
export function formatJson(report: ScanReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}

