import { analyseManifest, type AnalyseOptions, type AnalysisResult, type ConfigSourceLookup, type JobSentinelConfig, type PatternEngine, type ScanMemo } from '@jobsentinel/core';
import type { Diagnostic } from 'vscode-languageserver';
import { errorDiagnostic, findingDiagnostic, suppressedDiagnostic } from './diagnostics.js';

/** One analysis of one version of a document, kept for hovers and quick fixes on that version. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  text: string;
  config: JobSentinelConfig;
  /** What the text was analysed with: a quick fix is proven by analysing its edit with the same. */
  options: AnalyseOptions;
  result: AnalysisResult;
  diagnostics: Diagnostic[];
  /** Whether the text holds (or mentions) a CronJob or Job; others get no diagnostics at all. */
  relevant: boolean;
}

/**
 * Only files that mention a CronJob or Job get diagnostics: the YAML of a Deployment, a CI workflow
 * or a Helm chart is someone else's business, even when it does not parse. A textual test, because a
 * file broken mid-edit must keep its syntax error visible.
 */
const MENTIONS_JOB = /["']?\bkind["']?\s*:\s*["']?(?:CronJob|Job)\b/;

/** `configSources`: the ConfigMaps and Secrets of the other documents the server knows; `memo`: the session's. */
export function analyseDocument(
  uri: string,
  version: number,
  text: string,
  config: JobSentinelConfig,
  patternEngine?: PatternEngine,
  configSources?: ConfigSourceLookup,
  memo?: ScanMemo,
): DocumentAnalysis {
  // The memo is this scan's: a fix's re-analysis of edited text starts without it.
  const options: AnalyseOptions = { config, patternEngine, configSources };
  const analysed = analyseManifest(text, uri, { ...options, memo });
  const relevant = analysed.findings.length > 0 || MENTIONS_JOB.test(text);
  const result = relevant ? analysed : { ...analysed, errors: [] };
  const diagnostics: Diagnostic[] = [];
  if (relevant) {
    for (const error of result.errors) {
      const diagnostic = errorDiagnostic(error);
      if (diagnostic) diagnostics.push(diagnostic);
    }
    for (const finding of result.findings) {
      const diagnostic = findingDiagnostic(finding);
      if (diagnostic) diagnostics.push(diagnostic);
    }
    for (const finding of result.suppressed) {
      const diagnostic = suppressedDiagnostic(finding);
      if (diagnostic) diagnostics.push(diagnostic);
    }
  }
  return { uri, version, text, config, options, result, diagnostics, relevant };
}
