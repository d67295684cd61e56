import { docsUrl, indicatorById, type AnalysisError, type Finding, type Range as CoreRange, type Severity } from '@jobsentinel/core';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';

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

/** Syntax errors and unknown ids in ignore comments/annotations; notes about skipped input are not shown. */
export function errorDiagnostic(error: AnalysisError): Diagnostic | undefined {
  if (error.skipped) return undefined;
  return { range: toLspRange(error.range), severity: DiagnosticSeverity.Error, source: SOURCE, message: error.message };
}
