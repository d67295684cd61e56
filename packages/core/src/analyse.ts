import { DEFAULT_CONFIG, type JobSentinelConfig } from './config/config.js';
import { effectiveSeverity } from './config/tuning.js';
import { messageOf } from './errors.js';
import { withCustomIndicators } from './indicators/custom-patterns.js';
import { INDICATORS, type CheckContext, type Indicator, type IndicatorHit } from './indicators/index.js';
import { ScanMemo } from './indicators/scan-memo.js';
import { objectProblem, type DecodeProblem } from './manifest/decode-manifest.js';
import { isReported, kubernetesObjects, type ObjectProblem } from './manifest/objects.js';
import { configSourceOf, LocalConfigSources, type ConfigSourceLookup } from './manifest/config-sources.js';
import { imagesAt, podTemplateOf, type PodTemplate } from './manifest/pod-templates.js';
import { foreignValueAt, referencedSources, templateRun, type TemplateRun } from './manifest/run-context.js';
import type { AnalysisError, AnalysisResult, Finding, FindingSource, Span, SuppressedFinding } from './model.js';
import type { PatternEngine } from './patterns/types.js';
import { lineIndex, type LineIndex } from './yaml/line-index.js';
import { documentCount, parseSections, type ParsedDocument } from './yaml/parse.js';
import { findIgnoreComments, IGNORE_ALL, IGNORE_ANNOTATION, parseIgnoreList, suppressionOf, type IgnoreComment, type InlineIgnore, type TemplateSuppressions } from './suppression.js';
import { scriptLineSpan } from './yaml/script-lines.js';
import { findingSpan, locate } from './yaml/source-node.js';
import { valueAtPointer } from './util/json-pointer.js';

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
  /**
   * Whether the manifest's own `jobsentinel-ignore` comments and `jobsentinel.io/ignore` annotations
   * suppress findings (default true). Whoever writes a manifest writes those; with false, only the
   * config file suppresses (the CLI's `--no-inline-ignores`, for CI).
   */
  inlineIgnores?: boolean;
  /**
   * ConfigMaps and Secrets of the other files of the scan (`ConfigSourceIndex.lookup(fileName)`): scripts and
   * values the templates of this file load from them are judged where they run. The file's own are always used.
   */
  configSources?: ConfigSourceLookup;
  /**
   * What to remember across analyses (command models, compiled custom patterns): a host that analyses
   * many files or the same file again and again under one config passes one `ScanMemo` to every call.
   * Without it, each call keeps its own and drops it at the end.
   */
  memo?: ScanMemo;
}

/**
 * Analyses the text of a manifest file (YAML or JSON, any number of documents).
 * Never throws: problems with the input come back in `errors`, with their ranges.
 */
export function analyseManifest(text: string, fileName: string, options: AnalyseOptions = {}): AnalysisResult {
  const config = options.config ?? DEFAULT_CONFIG;
  const memo = options.memo ?? new ScanMemo();
  const indicators = withCustomIndicators(options.indicators ?? INDICATORS, config, options.patternEngine, memo);
  const known = knownIds(config, indicators);
  const lines = lineIndex(text);
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const errors: AnalysisError[] = [];
  let documents = 0;
  let previousComments: IgnoreComment[] = [];
  let objectCount = 0;
  // Whether a document kubectl cannot read is worth an error depends on the whole file (see isReported).
  const objectProblems: Array<{ problem: DecodeProblem & ObjectProblem; document: unknown }> = [];
  const localSources = new LocalConfigSources();
  const sources: ConfigSourceLookup = (kind, namespace, name) => localSources.get(kind, namespace, name) ?? options.configSources?.(kind, namespace, name);
  const waiting: Array<{ document: ParsedDocument; template: PodTemplate; suppressions: TemplateSuppressions }> = [];
  const judge = (document: ParsedDocument, template: PodTemplate, suppressions: TemplateSuppressions) => {
    try {
      const judged = analyseTemplate({ text, lines, fileName, document, sources, memo }, template, indicators, suppressions);
      findings.push(...judged.findings);
      suppressed.push(...judged.suppressed);
    } catch (error) {
      // A check tripped over a shape it did not expect: an error at the template, and the rest of the file is still analysed.
      const span = findingSpan(locate(document.root, template.specPath));
      const object = `${template.kind}${template.name === null ? '' : ` "${template.name}"`}`;
      errors.push(rangeError(lines, `could not analyse the pod template of ${object}: ${messageOf(error)}`, span));
    }
  };
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
      const { objects, problems } = kubernetesObjects(document.value);
      objectCount += objects.length;
      for (const problem of problems) objectProblems.push({ problem: objectProblem(problem, document), document: document.value });
      for (const object of objects) {
        const source = configSourceOf(object.value, object.path, { file: fileName, document: document.index, root: document.root, lines });
        if (source) localSources.add(source);
      }
      const templates = objects.flatMap((object) => podTemplateOf(object.value, object.path) ?? []);
      for (const template of templates) {
        // The annotation on the CronJob/Job and on its pod template both apply; unknown ids are errors at their value.
        const annotations: InlineIgnore[] = template.ignoreAnnotations.map(({ pointer, value }) => ({ ids: parseIgnoreList(value), span: locate(document.root, pointer).span }));
        for (const annotation of annotations) {
          for (const id of annotation.ids.filter((id) => !known.has(id))) errors.push(rangeError(lines, `unknown indicator "${id}" in the ${IGNORE_ANNOTATION} annotation`, annotation.span));
        }
        const suppressions: TemplateSuppressions = { config, annotations, comments: commentsByLine, inline: options.inlineIgnores ?? true };
        // A ConfigMap may come later in the file: such a template waits for the end of it (only those keep their parse tree).
        const waits = referencedSources(template).some(({ kind, name }) => !localSources.get(kind, template.namespace, name));
        if (waits) waiting.push({ document, template, suppressions });
        else judge(document, template, suppressions);
      }
    }
  }
  for (const { document, template, suppressions } of waiting) judge(document, template, suppressions);
  for (const { problem, document } of objectProblems) {
    if (!isReported(problem, document, objectCount > 0)) continue;
    const error = rangeError(lines, problem.message, problem.span);
    errors.push(problem.skipped ? { ...error, skipped: true } : error);
  }
  // A package.json or a Helm values.yaml among the manifests: said (for --verbose), never a failure.
  if (documents > 0 && objectCount === 0 && errors.every((error) => error.notKubernetes)) {
    errors.push({ message: 'no Kubernetes object (apiVersion and kind) in this file', range: lines.range({ start: 0, end: 0 }), skipped: true, notKubernetes: true });
  }
  return { findings, suppressed, errors, documents };
}

/** The file a template is analysed in: its text's lines, its name, the document, the ConfigMaps it can reach, and the scan's memo. */
interface TemplateSite {
  text: string;
  lines: LineIndex;
  fileName: string;
  document: ParsedDocument;
  sources: ConfigSourceLookup;
  memo: ScanMemo;
}

/** The findings of one pod template, and those its suppressions cover. */
function analyseTemplate(
  site: TemplateSite,
  template: PodTemplate,
  indicators: readonly Indicator[],
  suppressions: TemplateSuppressions,
): { findings: Finding[]; suppressed: SuppressedFinding[] } {
  const { lines } = site;
  const { config } = suppressions;
  const context: CheckContext = { customImages: config.custom.images, memo: site.memo };
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const run = templateRun(template, site.sources);
  for (const ref of template.containers) {
    const own = run.containers.get(ref.path);
    if (own) ref.run = own;
  }
  for (const indicator of indicators) {
    indicator.check(
      template,
      (hit) => {
        // Switched off by `profile` or `severity: off`: the check does not run for this config, which every report names.
        const severity = effectiveSeverity(config, indicator, hit.severity ?? indicator.severity);
        if (severity === null) return;
        const placed = placeHit(site, run, hit);
        const range = lines.range(placed.span);
        const finding: Finding = {
          indicator: indicator.id,
          severity,
          message: placed.message,
          path: placed.path,
          evidence: hit.evidence,
          document: placed.document,
          kind: template.kind,
          name: template.name,
          namespace: template.namespace,
          range,
          span: placed.span,
          ...(placed.source ? { source: placed.source } : {}),
        };
        const scope = { indicator: indicator.id, namespace: template.namespace, images: imagesAt(template, placed.container ?? hit.path) };
        // A comment at the script's scalar covers the findings on its lines too (a comment inside the script would be script).
        const by = suppressionOf(suppressions, scope, range.start.line) ?? (placed.holder ? suppressionOf(suppressions, scope, lines.position(placed.holder.start).line) : undefined);
        if (!by) findings.push(finding);
        else suppressed.push({ ...finding, suppression: { kind: by.kind, location: by.kind === 'config' ? { pointer: by.pointer } : { range: lines.range(by.span) } } });
      },
      context,
    );
  }
  return { findings, suppressed };
}

interface PlacedHit {
  path: string;
  span: Span;
  /** When the span is some lines of a multi-line value: the whole value. */
  holder?: Span;
  document: number;
  message: string;
  source?: FindingSource;
  container?: string;
}

/**
 * Where a finding points. A hit in a ConfigMap's or Secret's value (a foreign pointer, run-context.ts) points
 * at that value when it is written in this file, else at the reference that brings it in, with the value's
 * file and range as its source; its message says how the container gets the value.
 */
function placeHit(site: TemplateSite, run: TemplateRun, hit: IndicatorHit): PlacedHit {
  const foreign = foreignValueAt(run, hit.path);
  if (!foreign) {
    const node = locate(site.document.root, hit.path);
    const value = hit.within ? valueAtPointer(site.document.value, hit.path) : undefined;
    // Inside a multi-line script: the offending line(s), not the whole block.
    const lines = typeof value === 'string' && hit.within ? scriptLineSpan(site.text, node.span, value, hit.within) : undefined;
    return { path: hit.path, span: lines ?? findingSpan(node), ...(lines ? { holder: node.span } : {}), document: site.document.index, message: hit.message };
  }
  const { source, key, value } = foreign;
  const message = `${hit.message} (${value.decoded ? 'decoded ' : ''}key "${key}" of ${source.kind} "${source.name}", ${foreign.how})`;
  const owner = { container: foreign.containerPath };
  if (source.file === site.fileName) {
    // Offsets are in the value itself only when the hit is the value, not a place inside it (`@3/…`).
    const lines = hit.within && !value.decoded && !hit.path.includes('/') ? scriptLineSpan(site.text, value.span, value.text, hit.within) : undefined;
    return { path: value.pointer, span: lines ?? value.span, ...(lines ? { holder: value.span } : {}), document: source.document, message, ...owner };
  }
  const span = findingSpan(locate(site.document.root, foreign.referencePath));
  return { path: foreign.referencePath, span, document: site.document.index, message, source: { file: source.file, document: source.document, path: value.pointer, range: value.range }, ...owner };
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

function rangeError(lines: LineIndex, message: string, span: Span): AnalysisError {
  return { message, range: lines.range(span) };
}
