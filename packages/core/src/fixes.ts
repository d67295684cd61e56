/**
 * Quick fixes for findings, for every host: the indicator's own fix (`Indicator.fix`), an ignore
 * comment and an ignore annotation, each as text edits on the source, and each proven by analysing the
 * edited text again. The language server offers them as code actions; `scan --fix` applies the safe ones.
 */
import { analyseManifest, type AnalyseOptions } from './analyse.js';
import { indicatorById } from './indicators/index.js';
import type { AnalysisResult, Finding } from './model.js';
import { ignoreAnnotationEdit, ignoreCommentEdits, IGNORE_ANNOTATION } from './suppression.js';
import { applyTextEdits, type TextEdit } from './text/text-edits.js';
import { parseText, type ParsedDocument } from './yaml/parse.js';
import { pointerEditsToText } from './yaml/pointer-edits.js';
import { locate } from './yaml/source-node.js';

export interface QuickFix {
  title: string;
  /** `fix` removes the risk; `comment` and `annotation` silence it and leave the data exactly as it was. */
  kind: 'fix' | 'comment' | 'annotation';
  /** May be applied unattended (`scan --fix`); suppressions never are. */
  safe: boolean;
  finding: Finding;
  /** Offsets in the whole text the finding was found in. */
  edits: TextEdit[];
}

export interface QuickFixOptions extends AnalyseOptions {
  /** Whether the file takes `#` comments (YAML does, JSON does not). */
  comments?: boolean;
}

/**
 * The fixes for one finding of `analyseManifest(text, fileName, options)`: the indicator's fix first,
 * then an ignore comment (the first placement that works), then the annotation. A fix is only offered
 * if, in the edited text, the finding is gone and no new error appeared.
 */
export function quickFixes(text: string, fileName: string, finding: Finding, options: QuickFixOptions = {}): QuickFix[] {
  // Read the text as the analysis did (YAML 1.1 booleans), and find the document by its index, which counts broken ones too.
  const document = parseText(text, { kubernetesScalars: true }).documents.find((candidate) => candidate.index === finding.document);
  if (!document || !finding.span) return [];
  const verifier = new Verifier(text, fileName, document, options);
  const fixes: QuickFix[] = [];
  const fix = indicatorFix(text, document, finding);
  if (fix && verifier.works(fix)) fixes.push(fix);
  if (options.comments) {
    // A finding on some lines of a multi-line script sits inside its scalar: the comment goes above the scalar.
    const holder = locate(document.root, finding.path).span;
    const at = holder.start <= finding.span.start && finding.span.end <= holder.end ? holder.start : finding.span.start;
    const comment = ignoreCommentEdits(text, at, finding.indicator)
      .map((edit): QuickFix => ({ title: `Ignore ${finding.indicator} here (# jobsentinel-ignore comment)`, kind: 'comment', safe: false, finding, edits: [edit] }))
      .find((candidate) => verifier.works(candidate));
    if (comment) fixes.push(comment);
  }
  const annotation = annotationFix(text, document, finding);
  if (annotation && verifier.works(annotation)) fixes.push(annotation);
  return fixes;
}

export interface FixedManifest {
  /** The text with every safe fix that worked applied. */
  text: string;
  /** The fixes applied, each with the finding it removed (positions in the text before the fixes). */
  fixed: QuickFix[];
  /** The analysis of the fixed text: what remains. */
  result: AnalysisResult;
}

/**
 * Applies the safe fixes of every finding, one at a time (each is proven on the text the previous ones
 * left), and analyses the result. A finding whose fix does not work is left as it is, and reported.
 */
export function applySafeFixes(text: string, fileName: string, options: AnalyseOptions = {}): FixedManifest {
  const fixed: QuickFix[] = [];
  let current = text;
  let result = analyseManifest(current, fileName, options);
  // Earlier fixes move later text: each fixed finding is reported where the user's file had it.
  const before = new Map(result.findings.map((finding) => [findingKey(finding), finding]));
  const tried = new Set<string>();
  // Each round applies one fix or ends: no more rounds than findings.
  for (let round = 0, rounds = result.findings.length; round < rounds; round++) {
    const next = result.findings.find((finding) => !tried.has(findingKey(finding)) && indicatorById(finding.indicator)?.fix !== undefined);
    if (!next) break;
    tried.add(findingKey(next));
    const fix = safeFixOf(current, fileName, next, options);
    if (!fix) continue;
    current = applyTextEdits(current, fix.edits);
    fixed.push({ ...fix, finding: before.get(findingKey(next)) ?? next });
    result = analyseManifest(current, fileName, options);
  }
  return { text: current, fixed, result };
}

function safeFixOf(text: string, fileName: string, finding: Finding, options: AnalyseOptions): QuickFix | undefined {
  const document = parseText(text, { kubernetesScalars: true }).documents.find((candidate) => candidate.index === finding.document);
  if (!document) return undefined;
  const fix = indicatorFix(text, document, finding);
  return fix?.safe && new Verifier(text, fileName, document, options).works(fix) ? fix : undefined;
}

function findingKey(finding: Finding): string {
  return `${finding.document}\u0000${finding.indicator}\u0000${finding.path}`;
}

function indicatorFix(text: string, document: ParsedDocument, finding: Finding): QuickFix | undefined {
  const fix = indicatorById(finding.indicator)?.fix?.(finding);
  const edits = fix && pointerEditsToText(text, document.root, fix.edits);
  return fix && edits ? { title: fix.title, kind: 'fix', safe: fix.safe, finding, edits } : undefined;
}

function annotationFix(text: string, document: ParsedDocument, finding: Finding): QuickFix | undefined {
  const annotation = ignoreAnnotationEdit(document.value, finding.path, finding.indicator);
  const edits = annotation && pointerEditsToText(text, document.root, annotation.edits);
  if (!annotation || !edits) return undefined;
  return { title: `Ignore ${finding.indicator} for ${annotation.target} (${IGNORE_ANNOTATION} annotation)`, kind: 'annotation', safe: false, finding, edits };
}

/**
 * Checks a fix by analysing the edited text again: the finding must be gone, no new error may appear,
 * and a comment must leave the data as it was. Only the one document the fix edits is analysed, so a
 * fix in a 2,000-line file costs a re-analysis of its own few dozen lines.
 */
class Verifier {
  private readonly start: number;
  private readonly end: number;
  private readonly original: string;
  private readonly failuresBefore: number;

  constructor(
    text: string,
    private readonly fileName: string,
    document: ParsedDocument,
    private readonly options: AnalyseOptions,
  ) {
    this.start = document.span.start;
    this.end = document.span.end;
    this.original = text.slice(this.start, this.end);
    this.failuresBefore = failures(this.analyse(this.original));
  }

  works(fix: QuickFix): boolean {
    if (fix.edits.some((edit) => edit.start < this.start || edit.end > this.end)) return false;
    const edited = applyTextEdits(this.original, fix.edits.map((edit) => ({ ...edit, start: edit.start - this.start, end: edit.end - this.start })));
    // A comment that lands inside a string would silence the finding by changing the very value it flags.
    if (fix.kind === 'comment' && !sameData(this.original, edited)) return false;
    const after = this.analyse(edited);
    const stillThere = after.findings.some((finding) => finding.indicator === fix.finding.indicator && finding.path === fix.finding.path);
    return !stillThere && failures(after) <= this.failuresBefore;
  }

  private analyse(text: string): AnalysisResult {
    return analyseManifest(text, this.fileName, this.options);
  }
}

function failures(result: AnalysisResult): number {
  return result.errors.filter((error) => !error.skipped).length;
}

function sameData(before: string, after: string): boolean {
  const a = parseText(before, { kubernetesScalars: true }).documents;
  const b = parseText(after, { kubernetesScalars: true }).documents;
  const budget = { nodes: MAX_COMPARED_NODES };
  return a.length === b.length && a.every((document, index) => sameValue(document.value, b[index].value, budget));
}

/** Aliases make small texts into huge trees; past this many nodes, a fix is simply not offered. */
const MAX_COMPARED_NODES = 200_000;

function sameValue(a: unknown, b: unknown, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0) return false;
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key, index) => key === keysB[index] && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], budget));
}
