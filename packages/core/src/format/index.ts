export { allFindings, allProblems, allSuppressed, summarise, FILE_START } from './report.js';
export type { ScanReport, ScannedFile, FileProblem, LocatedFinding, LocatedProblem, LocatedSuppressedFinding, ReportSummary } from './report.js';
export { formatJson, toJsonReport, type JsonScanOutput } from './json.js';
export { formatSarif, toSarif, sarifLevel, artifactUri, SARIF_SCHEMA, TOOL_INFORMATION_URI } from './sarif.js';
export type { SarifOptions, SarifLog, SarifRun, SarifRule, SarifResult, SarifLocation, SarifLevel, SarifNotification, SarifSuppression } from './sarif.js';
export { formatText, summaryLine, INPUT_ERROR_ID, SKIPPED_ID, type TextOptions } from './text.js';
