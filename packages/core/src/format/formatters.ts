/**
 * The output formats, one entry each: every host reads this table (the CLI's --format and its help,
 * the extension's "Export Findings", the playground's save buttons), so a new format is one module
 * and one entry here (see ARCHITECTURE.md, "How to add an output format").
 */
import type { AuditMode } from '../audit/model.js';
import type { Indicator } from '../indicators/indicator.js';
import { auditJsonWriter } from './audit-json.js';
import { renderAuditReport, type AuditReport, type AuditReportWriter, type TextSink } from './audit-report.js';
import { auditSarifWriter } from './audit-sarif.js';
import { auditTextWriter } from './audit-text.js';
import { formatJson } from './json.js';
import type { ScanReport } from './report.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

/** What a host knows about the run; each format takes what it needs and ignores the rest. */
export interface FormatOptions {
  /** The host's version, for SARIF's tool description. */
  toolVersion: string;
  /** The indicators to describe (SARIF rules); defaults to the built-in ones. */
  rules?: readonly Indicator[];
  /** A `file:` URI that relative paths resolve against (SARIF). */
  baseUri?: string;
  /** ANSI colours (text; hosts turn them on only for a terminal). */
  color?: boolean;
  /** List each suppressed finding (text; the other formats always do). */
  showSuppressed?: boolean;
  /** Also list files that hold no Kubernetes object (text). */
  verbose?: boolean;
}

export interface OutputFormat {
  /** The `--format` value. */
  name: string;
  /** For a menu or a button: `SARIF`. */
  label: string;
  /** One line for help texts and menus. */
  description: string;
  /** The file extension of a saved report, without the dot. */
  extension: string;
  mediaType: string;
  scan(report: ScanReport, options: FormatOptions): string;
  /** The audit report, written match by match as the log is read; absent for a format with no audit report. */
  audit?(out: TextSink, mode: AuditMode, options: FormatOptions): AuditReportWriter;
}

export const FORMATTERS: readonly OutputFormat[] = [
  {
    name: 'text',
    label: 'Text',
    description: 'for people',
    extension: 'txt',
    mediaType: 'text/plain',
    scan: (report, options) => formatText(report, options),
    audit: (out, mode, options) => auditTextWriter(out, mode, options),
  },
  {
    name: 'json',
    label: 'JSON',
    description: 'one object with every result and a summary, for scripts',
    extension: 'json',
    mediaType: 'application/json',
    scan: (report) => formatJson(report),
    audit: (out, mode) => auditJsonWriter(out, mode),
  },
  {
    name: 'sarif',
    label: 'SARIF',
    description: 'SARIF 2.1.0, for code-scanning dashboards',
    extension: 'sarif',
    mediaType: 'application/sarif+json',
    scan: (report, options) => formatSarif(report, options),
    audit: (out, _mode, options) => auditSarifWriter(out, options),
  },
];

export const DEFAULT_FORMAT = 'text';

export function formatterByName(name: string): OutputFormat | undefined {
  return FORMATTERS.find((format) => format.name === name);
}

export type AuditOutputFormat = OutputFormat & Required<Pick<OutputFormat, 'audit'>>;

/** The formats that have an audit report. */
export function auditFormatters(): AuditOutputFormat[] {
  return FORMATTERS.filter((format): format is AuditOutputFormat => format.audit !== undefined);
}

/**
 * A whole audit report in one string, for hosts that hold the report (the extension, the playground).
 * They offer `auditFormatters()` for it: a format without an audit report is a mistake of the host.
 */
export function formatAuditReport(format: OutputFormat, report: AuditReport, options: FormatOptions): string {
  const writer = format.audit;
  if (!writer) throw new Error(`the ${format.name} format has no audit report`);
  return renderAuditReport(report, (out) => writer(out, report.mode, options));
}
