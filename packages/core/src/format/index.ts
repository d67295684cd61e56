export { allFindings, allKnown, allProblems, allSuppressed, summarise, configField, FILE_START } from './report.js';
export type { ScanReport, ScannedFile, FileProblem, LocatedFinding, LocatedProblem, LocatedSuppressedFinding, ReportSummary } from './report.js';
export { formatJson, toJsonReport, type JsonScanOutput } from './json.js';
export { formatSarif, toSarif, sarifLevel, artifactUri, SARIF_SCHEMA, TOOL_INFORMATION_URI } from './sarif.js';
export type { SarifOptions, SarifLog, SarifRun, SarifRule, SarifResult, SarifLocation, SarifLevel, SarifNotification, SarifSuppression, SarifInvocation } from './sarif.js';
export { formatText, summaryLine, configNote, INPUT_ERROR_ID, SKIPPED_ID, type TextOptions } from './text.js';
export { applyBaseline, baselineKey, parseBaseline, type Baseline } from './baseline.js';
