import { quickFixes, type Finding, type QuickFix } from '@jobsentinel/core';
import type { DocumentAnalysis } from './analysis.js';

/**
 * Quick fixes for one finding: the core computes and proves them (see its `quickFixes`); the server
 * only remembers them per document version, since editors ask again on every cursor move over a finding.
 */
export function quickFixesFor(analysis: DocumentAnalysis, finding: Finding, allowsComments: boolean): QuickFix[] {
  let byFinding = computed.get(analysis);
  if (!byFinding) computed.set(analysis, (byFinding = new Map()));
  const key = [finding.document, finding.indicator, finding.path, allowsComments].join('\u0000');
  let fixes = byFinding.get(key);
  if (!fixes) byFinding.set(key, (fixes = quickFixes(analysis.text, analysis.uri, finding, { ...analysis.options, comments: allowsComments })));
  return fixes;
}

const computed = new WeakMap<DocumentAnalysis, Map<string, QuickFix[]>>();
