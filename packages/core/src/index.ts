export type { AnalysisError, AnalysisResult, Finding, FindingSource, Position, Range, Severity, SeveritySetting, Span, Suppression, SuppressedFinding } from './model.js';
export { analyseManifest, type AnalyseOptions } from './analyse.js';
export { INDICATORS, indicatorById, docsUrl, ATTACK_T1027, ATTACK_T1053_007, ATTACK_T1496, ATTACK_T1611 } from './indicators/index.js';
export type { Indicator, IndicatorFix, IndicatorHit, CheckContext, AttackMapping } from './indicators/index.js';
export { ScanMemo } from './indicators/scan-memo.js';
export { customIndicators, withCustomIndicators, rulesFor, CUSTOM_PATTERNS_DOCS, type CustomIndicator } from './indicators/custom-patterns.js';
export { DEFAULT_CONFIG, type JobSentinelConfig, type IgnoreEntry, type CustomPattern } from './config/config.js';
export { parseConfig, CONFIG_FILE_NAMES, type ParseConfigOptions, type ParsedConfig } from './config/parse-config.js';
export { ConfigDiscovery, ancestorFolders, diskConfigFileAccess, REPOSITORY_MARKER, type ConfigFileAccess, type FoundConfigFile, type NodeStyleFileSystem } from './config/discovery.js';
export { nearestWord } from './text/nearest-word.js';
export { decodeText, type DecodedText } from './text/decode.js';
export { printable } from './text/printable.js';
export { IGNORE_ANNOTATION } from './suppression.js';
export { quickFixes, applySafeFixes, type QuickFix, type QuickFixOptions, type FixedManifest } from './fixes.js';
export { applyTextEdits, type TextEdit } from './text/text-edits.js';
export type { PointerEdit, EditValue } from './yaml/pointer-edits.js';
export { findPodTemplates, type PodTemplate, type ContainerRef } from './manifest/pod-templates.js';
export { decodeManifest, type DecodedObject, type DecodeProblem } from './manifest/decode-manifest.js';
export { ConfigSourceIndex, configSourcesIn, type ConfigSource, type ConfigSourceLookup } from './manifest/config-sources.js';
export { parseImageReference, type ImageReference } from './images.js';
export { globMatch } from './glob.js';
export { pathGlob, isExcluded } from './text/path-glob.js';
export * from './format/index.js';
export * from './patterns/index.js';
export { parseText, type ParsedText, type ParsedDocument } from './yaml/parse.js';
export { locate, nodeAt, type SourceNode } from './yaml/source-node.js';
export { escapeSegment, joinPointer, pointerSegments, unescapeSegment } from './util/json-pointer.js';
export { isRecord } from './util/record.js';
export * from './commands/index.js';
// The audit-log pipeline, the policy compiler and the admission webhook have entries of their own
// (`@jobsentinel/core/audit`, `/policy`, `/admission`: src/entries/), so a manifest-only page does not load them.

