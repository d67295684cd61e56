import { auditFormatters, FORMATTERS, type OutputFormat } from '@jobsentinel/core/formats';

/** What "Export Findings" offers: every format of the core's table; for an audit log, those with an audit report. */
export function exportFormats(source: 'manifests' | 'audit'): readonly OutputFormat[] {
  return source === 'audit' ? auditFormatters() : FORMATTERS;
}
