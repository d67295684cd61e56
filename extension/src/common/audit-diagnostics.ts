import * as vscode from 'vscode';
import { docsUrl, indicatorById, printable, type Severity } from '@jobsentinel/core';
import type { AuditResults, AuditResultsStore } from './audit-results.js';

/** The Problems panel holds this many per log at most; the results view has them all. */
const MAX_DIAGNOSTICS = 2_000;

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** Puts the latest scan's matches (and malformed lines) on the log file itself, at each event's line. */
export function showAuditDiagnostics(store: AuditResultsStore): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('jobsentinel-audit');
  const subscription = store.onDidChange((results) => {
    collection.clear();
    if (results) collection.set(results.uri, diagnosticsOf(results));
  });
  return vscode.Disposable.from(subscription, collection);
}

function diagnosticsOf(results: AuditResults): vscode.Diagnostic[] {
  const diagnostics: vscode.Diagnostic[] = [];
  for (const match of results.matches) {
    for (const hit of match.indicators) {
      const who = `${match.verb} ${match.resource} ${match.namespace ?? '-'}/${match.name ?? '?'} by ${match.user ?? 'unknown user'}`;
      const diagnostic = new vscode.Diagnostic(lineRange(match.line), printable(`${hit.message} (${who})`), SEVERITIES[hit.severity]);
      diagnostic.source = 'jobsentinel';
      diagnostic.code = indicatorById(hit.indicator) ? { value: hit.indicator, target: vscode.Uri.parse(docsUrl(hit.indicator)) } : hit.indicator;
      diagnostics.push(diagnostic);
    }
  }
  for (const problem of results.problems) {
    if (problem.line === null) continue;
    const diagnostic = new vscode.Diagnostic(
      lineRange(problem.line),
      printable(problem.message),
      problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = 'jobsentinel';
    diagnostics.push(diagnostic);
  }
  return diagnostics.slice(0, MAX_DIAGNOSTICS);
}

/** The whole line: the editor clamps the end to the line's length. */
function lineRange(line: number): vscode.Range {
  return new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), Number.MAX_SAFE_INTEGER);
}
