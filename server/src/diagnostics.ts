import { docsUrl, indicatorById, type AnalysisError, type Finding, type Range as CoreRange, type Severity, type SuppressedFinding, type Suppression } from '@jobsentinel/core';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';

export const SOURCE = 'jobsentinel';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The core counts lines and columns from 1, LSP from 0 (both in UTF-16 code units). */
export function toLspRange(range: CoreRange): Range {
  return {
    start: { line: range.start.line - 1, character: range.start.column - 1 },
    end: { line: range.end.line - 1, character: range.end.column - 1 },
  };
}

export function findingDiagnostic(finding: Finding): Diagnostic | undefined {
  if (!finding.range) return undefined;
  const builtIn = indicatorById(finding.indicator) !== undefined;
  return {
    range: toLspRange(finding.range),
    severity: SEVERITIES[finding.severity],
    source: SOURCE,
    code: finding.indicator,
    // Custom patterns from the user's config have no page of ours to link to.
    ...(builtIn ? { codeDescription: { href: docsUrl(finding.indicator) } } : {}),
    message: finding.message,
    // A script another document holds (a ConfigMap's key): the editor links to it.
    ...(finding.source
      ? { relatedInformation: [{ location: { uri: finding.source.file, range: toLspRange(finding.source.range) }, message: 'the value it runs' }] }
      : {}),
  };
}

/**
 * A finding an annotation, a comment or the config file suppressed: a hint, drawn faded (Unnecessary),
 * that says what it is and what suppressed it. Whoever writes a manifest can write a suppression into
 * it; the editor shows it instead of showing nothing.
 */
export function suppressedDiagnostic(finding: SuppressedFinding): Diagnostic | undefined {
  const diagnostic = findingDiagnostic(finding);
  if (!diagnostic) return undefined;
  return { ...diagnostic, severity: DiagnosticSeverity.Hint, tags: [DiagnosticTag.Unnecessary], message: `Suppressed by ${suppressedBy(finding.suppression)} (${finding.severity}): ${finding.message}` };
}

/** `the jobsentinel.io/ignore annotation at line 6`, `a jobsentinel-ignore comment at line 14`, `ignore entry /ignore/0 of the config file`. */
function suppressedBy({ kind, location }: Suppression): string {
  if ('pointer' in location) return `ignore entry ${location.pointer} of the config file`;
  const line = location.range.start.line;
  return kind === 'annotation' ? `the jobsentinel.io/ignore annotation at line ${line}` : `a jobsentinel-ignore comment at line ${line}`;
}

/** Syntax errors and unknown ids in ignore comments/annotations; notes about skipped input are not shown. */
export function errorDiagnostic(error: AnalysisError): Diagnostic | undefined {
  if (error.skipped) return undefined;
  return { range: toLspRange(error.range), severity: DiagnosticSeverity.Error, source: SOURCE, message: error.message };
}
