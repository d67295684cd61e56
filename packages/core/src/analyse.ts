import { DEFAULT_CONFIG, type JobSentinelConfig } from './config/config.js';
import { IGNORE_ANNOTATION, IGNORE_ALL, listCovers, parseIgnoreList, tunedSeverity } from './config/tuning.js';
import { messageOf } from './errors.js';
import { withCustomIndicators } from './indicators/custom-patterns.js';
import { INDICATORS, type CheckContext, type Indicator, type IndicatorHit } from './indicators/index.js';
import { findIgnoreComments, type IgnoreComment } from './manifest/ignore-comments.js';
import { findPodTemplates, isRecord, type PodTemplate } from './manifest/pod-templates.js';
import type { AnalysisError, AnalysisResult, Finding, Span } from './model.js';
import type { PatternEngine } from './patterns/types.js';
import { lineIndex, type LineIndex } from './yaml/line-index.js';
import { documentCount, parseSections, type ParsedDocument } from './yaml/parse.js';
import { findingSpan, joinPointer, locate, pointerSegments } from './yaml/source-node.js';

export interface AnalyseOptions {
  /** A validated config (see `parseConfig`); defaults to the extended profile with no tuning. */
  config?: JobSentinelConfig;
  /** The indicators to run; defaults to every built-in one. The config's `custom.patterns` always run too. */
  indicators?: readonly Indicator[];
  /**
   * Runs `custom.patterns`; defaults to the core's WebAssembly-free linear-time engine. Node hosts pass
   * the re2-wasm engine (`@jobsentinel/re2-engine`), which gives the same answers.
   */
  patternEngine?: PatternEngine;
}

/**
 * Analyses the text of a manifest file (YAML or JSON, any number of documents).
 * Never throws: problems with the input come back in `errors`, with their ranges.
 */
export function analyseManifest(text: string, fileName: string, options: AnalyseOptions = {}): AnalysisResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const indicators = withCustomIndicators(options.indicators ?? INDICATORS, config, options.patternEngine);
  const known = knownIds(config, indicators);
  const lines = lineIndex(text);
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  let documents = 0;
  let previousComments: IgnoreComment[] = [];
  // Section by section: a large file never holds every parse tree at once.
  for (const section of parseSections(text, { kubernetesScalars: true })) {
    documents += documentCount(section);
    for (const problem of section.problems) {
      errors.push({ ...rangeError(lines, problem.message, problem.span), ...(problem.skipped ? { skipped: true } : {}) });
    }
    const comments = findIgnoreComments(text, lines, section.scalarSpans, section.span);
    errors.push(...unknownIdErrors(lines, comments, known));
    // A comment on the last line of the previous section sits just above this one's first line.
    const firstLine = lines.position(section.span.start).line;
    const commentsByLine = byLine([...previousComments.filter((comment) => comment.line === firstLine - 1), ...comments]);
    previousComments = comments;
    for (const document of section.documents) {
      if (!isRecord(document.value)) {
        errors.push({
          message: `document ${document.index + 1} is ${Array.isArray(document.value) ? 'a list' : 'a scalar'}, not a Kubernetes object; skipped`,
          range: lines.range({ start: document.root.span.start, end: document.root.span.start + 1 }),
          skipped: true,
        });
        continue;
      }
      for (const template of findPodTemplates(document.value)) {
        // The annotation on the CronJob/Job and on its pod template both apply; unknown ids are errors at their value.
        const annotated: string[] = [];
        for (const objectPath of [template.objectPath, template.specPath.slice(0, -'/spec'.length)]) {
          const pointer = joinPointer(objectPath, 'metadata', 'annotations', IGNORE_ANNOTATION);
          const value = valueAt(document.value, pointer);
          for (const id of typeof value === 'string' ? parseIgnoreList(value) : []) {
            annotated.push(id);
            if (!known.has(id)) errors.push(rangeError(lines, `unknown indicator "${id}" in the ${IGNORE_ANNOTATION} annotation`, locate(document.root, pointer).span));
          }
        }
        try {
          findings.push(...analyseTemplate(lines, document, template, commentsByLine, config, indicators, annotated));
        } catch (error) {
          // A check tripped over a shape it did not expect: an error at the template, and the rest of the file is still analysed.
          const span = findingSpan(locate(document.root, template.specPath));
          const object = `${template.kind}${template.name === null ? '' : ` "${template.name}"`}`;
          errors.push(rangeError(lines, `could not analyse the pod template of ${object}: ${messageOf(error)}`, span));
        }
      }
    }
  }
  void fileName;
  return { findings, errors, documents };
}

function analyseTemplate(
  lines: LineIndex,
  document: ParsedDocument,
  template: PodTemplate,
  comments: Map<number, IgnoreComment[]>,
  config: JobSentinelConfig,
  indicators: readonly Indicator[],
  annotated: string[],
): Finding[] {
  const context: CheckContext = { customImages: config.custom.images };
  const findings: Finding[] = [];
  for (const indicator of indicators) {
    indicator.check(
      template,
      (hit) => {
        if (listCovers(annotated, indicator.id)) return;
        const severity = tunedSeverity(config, indicator, hit.severity ?? indicator.severity, { namespace: template.namespace, images: imagesOf(template, hit) });
        if (severity === null) return;
        const span = findingSpan(locate(document.root, hit.path));
        const range = lines.range(span);
        if (commentSuppresses(comments, range.start.line, indicator.id)) return;
        findings.push({
          indicator: indicator.id,
          severity,
          message: hit.message,
          path: hit.path,
          evidence: hit.evidence,
          document: document.index,
          kind: template.kind,
          name: template.name,
          namespace: template.namespace,
          range,
          span,
        });
      },
      context,
    );
  }
  return findings;
}

/** The images a hit concerns: its own container's, or all of them for a pod-level hit. */
export function imagesOf(template: PodTemplate, hit: IndicatorHit): string[] {
  const own = template.containers.find((ref) => hit.path.startsWith(ref.path + '/'));
  const containers = own ? [own] : template.containers;
  return containers.map((ref) => (typeof ref.container.image === 'string' ? ref.container.image : ''));
}

/** A comment on the flagged line or on the line above it. */
function commentSuppresses(comments: Map<number, IgnoreComment[]>, line: number, indicator: string): boolean {
  return [line, line - 1].some((at) => comments.get(at)?.some((comment) => listCovers(comment.ids, indicator)) ?? false);
}

function byLine(comments: IgnoreComment[]): Map<number, IgnoreComment[]> {
  const lines = new Map<number, IgnoreComment[]>();
  for (const comment of comments) lines.set(comment.line, [...(lines.get(comment.line) ?? []), comment]);
  return lines;
}

/** Ids an ignore comment or annotation may name: the indicators that run, built-in ones and custom patterns. */
function knownIds(config: JobSentinelConfig, indicators: readonly Indicator[]): Set<string> {
  return new Set([IGNORE_ALL, ...INDICATORS.map((indicator) => indicator.id), ...indicators.map((indicator) => indicator.id), ...config.custom.patterns.map((pattern) => pattern.id)]);
}

function unknownIdErrors(lines: LineIndex, comments: IgnoreComment[], known: Set<string>): AnalysisError[] {
  return comments.flatMap((comment) =>
    comment.ids
      .filter((id) => !known.has(id))
      .map((id) => rangeError(lines, `unknown indicator "${id}" in a jobsentinel-ignore comment`, comment.span)),
  );
}

function valueAt(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of pointerSegments(pointer)) value = isRecord(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

function rangeError(lines: LineIndex, message: string, span: Span): AnalysisError {
  return { message, range: lines.range(span) };
}
