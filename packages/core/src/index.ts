export type { AnalysisError, AnalysisResult, Finding, Position, Range, Severity, SeveritySetting, Span } from './model.js';
export { analyseManifest, type AnalyseOptions } from './analyse.js';
export { INDICATORS, indicatorById, docsUrl, ATTACK_T1053_007 } from './indicators/index.js';
export type { Indicator, IndicatorHit, CheckContext, AttackMapping } from './indicators/index.js';
export { DEFAULT_CONFIG, type JobSentinelConfig, type IgnoreEntry, type CustomPattern } from './config/config.js';
export { IGNORE_ANNOTATION } from './config/tuning.js';
export { findPodTemplates, type PodTemplate, type ContainerRef } from './manifest/pod-templates.js';
export { parseImageReference, type ImageReference } from './images.js';
export { globMatch } from './glob.js';
