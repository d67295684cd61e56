// `@jobsentinel/core/formats`: the FORMATTERS table, for hosts that offer every output format (the CLI,
// the extension, the playground). An entry of its own because each format carries its audit report
// too, which the main entry leaves to `@jobsentinel/core/audit` (packages/core/README.md, "Entries").
export { FORMATTERS, DEFAULT_FORMAT, formatterByName, auditFormatters, formatAuditReport, type OutputFormat, type AuditOutputFormat, type FormatOptions } from '../format/formatters.js';
