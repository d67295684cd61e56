import {
  analyseManifest,
  findPodTemplates,
  IGNORE_ANNOTATION,
  IGNORE_COMMENT_LINE,
  ignoreComment,
  locate,
  parseText,
  type AnalysisResult,
  type Finding,
  type ParsedDocument,
  type SourceNode,
  withIgnoredId,
} from '@jobsentinel/core';
import type { DocumentAnalysis } from './analysis.js';
import {
  applyEdits,
  indentationAt,
  lineEndOf,
  lineStartOf,
  newlineOf,
  nextLineStartOf,
  withQuotes,
  type OffsetEdit,
} from './text-edits.js';

export interface QuickFix {
  title: string;
  finding: Finding;
  edits: OffsetEdit[];
  /** `fix` removes the risk; the others silence it and must leave the data exactly as it was. */
  kind: 'fix' | 'comment' | 'annotation';
}

/**
 * Quick fixes for one finding. Edits are computed from the core's spans and JSON pointers, then
 * checked by analysing the edited text again: a fix is only offered if the finding is gone and no
 * new error appeared (so a comment can never land inside a block scalar, say).
 */
export function quickFixesFor(analysis: DocumentAnalysis, finding: Finding, allowsComments: boolean): QuickFix[] {
  // Editors ask again on every cursor move over a finding; the answer for one version does not change.
  let byFinding = computed.get(analysis);
  if (!byFinding) computed.set(analysis, (byFinding = new Map()));
  const key = [finding.document, finding.indicator, finding.path, allowsComments].join('\u0000');
  let fixes = byFinding.get(key);
  if (!fixes) byFinding.set(key, (fixes = computeQuickFixes(analysis, finding, allowsComments)));
  return fixes;
}

const computed = new WeakMap<DocumentAnalysis, Map<string, QuickFix[]>>();

function computeQuickFixes(analysis: DocumentAnalysis, finding: Finding, allowsComments: boolean): QuickFix[] {
  // Read the text as the analysis did (YAML 1.1 booleans), and find the document by its index, which counts broken ones too.
  const parsed = parseText(analysis.text, { kubernetesScalars: true });
  const found = parsed.documents.find((candidate) => candidate.index === finding.document);
  if (!found || !finding.span) return [];
  const document = found;
  const text = analysis.text;
  const verifier = new Verifier(analysis, document);
  const candidates: Array<QuickFix | undefined> = [];

  if (finding.indicator === 'privileged-container') candidates.push(setPrivilegedFalse(text, document, finding));
  if (finding.indicator === 'host-network') candidates.push(removeHostNetwork(text, document, finding));
  if (allowsComments) {
    // The first comment placement that works: the line above, else the end of the line above.
    const comment = [commentLineAbove(text, finding), commentAtEndOfLineAbove(text, finding)].find((fix) => fix && verifier.works(fix));
    if (comment) return [...candidates.filter((fix): fix is QuickFix => fix !== undefined && verifier.works(fix)), comment, ...withAnnotation()];
  }
  return [...candidates.filter((fix): fix is QuickFix => fix !== undefined && verifier.works(fix)), ...withAnnotation()];

  function withAnnotation(): QuickFix[] {
    const fix = addIgnoreAnnotation(text, document, finding);
    return fix && verifier.works(fix) ? [fix] : [];
  }
}

function setPrivilegedFalse(text: string, document: ParsedDocument, finding: Finding): QuickFix | undefined {
  const node = locate(document.root, finding.path);
  if (node.children) return undefined;
  return { title: 'Set privileged: false', finding, edits: [{ ...withQuotes(text, node.span), newText: 'false' }], kind: 'fix' };
}

function removeHostNetwork(text: string, document: ParsedDocument, finding: Finding): QuickFix | undefined {
  const node = locate(document.root, finding.path);
  if (!node.keySpan || node.children) return undefined;
  const key = withQuotes(text, node.keySpan);
  const value = withQuotes(text, node.span);
  const title = 'Remove hostNetwork: true';
  const lineStart = lineStartOf(text, key.start);
  const rest = text.slice(value.end, lineEndOf(text, value.end));
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, key.start)) && /^[ \t]*(#.*)?$/.test(rest);
  if (ownLine) return { title, finding, edits: [{ start: lineStart, end: nextLineStartOf(text, value.end), newText: '' }], kind: 'fix' };
  // Flow style or JSON: take the pair and one neighbouring comma.
  const after = /^\s*,\s*/.exec(text.slice(value.end));
  if (after) return { title, finding, edits: [{ start: key.start, end: value.end + after[0].length, newText: '' }], kind: 'fix' };
  const before = /,\s*$/.exec(text.slice(0, key.start));
  if (before) return { title, finding, edits: [{ start: key.start - before[0].length, end: value.end, newText: '' }], kind: 'fix' };
  return { title, finding, edits: [{ start: key.start, end: value.end, newText: '' }], kind: 'fix' };
}

function commentLineAbove(text: string, finding: Finding): QuickFix | undefined {
  const title = `Ignore ${finding.indicator} here (# jobsentinel-ignore comment)`;
  const lineStart = lineStartOf(text, finding.span!.start);
  if (lineStart > 0) {
    const aboveStart = lineStartOf(text, lineStart - 1);
    const above = IGNORE_COMMENT_LINE.exec(text.slice(aboveStart, lineEndOf(text, aboveStart)));
    if (above) {
      const end = aboveStart + above[0].length;
      const listEnd = aboveStart + above[1].length + above[2].length;
      return { title, finding, edits: [{ start: listEnd, end, newText: `${above[2] === '' ? '' : ', '}${finding.indicator}` }], kind: 'comment' };
    }
  }
  const indent = indentationAt(text, lineStart);
  const newText = `${indent}${ignoreComment(finding.indicator)}${newlineOf(text)}`;
  return { title, finding, edits: [{ start: lineStart, end: lineStart, newText }], kind: 'comment' };
}

/** For values that start on a line of their own (block scalars): `- | # jobsentinel-ignore: id`. */
function commentAtEndOfLineAbove(text: string, finding: Finding): QuickFix | undefined {
  const lineStart = lineStartOf(text, finding.span!.start);
  if (lineStart === 0) return undefined;
  const aboveEnd = lineEndOf(text, lineStart - 1);
  if (text.slice(lineStartOf(text, aboveEnd), aboveEnd).includes('#')) return undefined;
  return {
    title: `Ignore ${finding.indicator} here (# jobsentinel-ignore comment)`,
    finding,
    edits: [{ start: aboveEnd, end: aboveEnd, newText: ` ${ignoreComment(finding.indicator)}` }],
    kind: 'comment',
  };
}

function addIgnoreAnnotation(text: string, document: ParsedDocument, finding: Finding): QuickFix | undefined {
  const template = findPodTemplates(document.value)
    .filter((candidate) => finding.path.startsWith(candidate.specPath + '/') || finding.path === candidate.specPath)
    .sort((a, b) => b.specPath.length - a.specPath.length)[0];
  if (!template) return undefined;
  const title = `Ignore ${finding.indicator} for ${template.kind} "${template.name ?? '?'}" (${IGNORE_ANNOTATION} annotation)`;
  const podTemplatePath = template.specPath.slice(0, -'/spec'.length);
  // Both annotations apply; extend the pod template's when it has one, else the object's.
  for (const metadataPath of [`${podTemplatePath}/metadata`, `${template.objectPath}/metadata`]) {
    const existing = child(document.root, `${metadataPath}/annotations`, IGNORE_ANNOTATION);
    if (existing && !existing.children) {
      const merged = withIgnoredId(text.slice(existing.span.start, existing.span.end), finding.indicator);
      return { title, finding, edits: [{ ...withQuotes(text, existing.span), newText: JSON.stringify(merged) }], kind: 'annotation' };
    }
  }
  const metadata = nodeAt(document.root, `${template.objectPath}/metadata`);
  if (!metadata || !(metadata.children instanceof Map)) return undefined;
  const entry = `${JSON.stringify(IGNORE_ANNOTATION)}: ${JSON.stringify(finding.indicator)}`;
  const annotations = metadata.children.get('annotations');
  if (annotations) {
    if (!(annotations.children instanceof Map)) return undefined;
    return { title, finding, edits: [insertIntoMapping(text, annotations, entry, [entry])], kind: 'annotation' };
  }
  const flow = `"annotations": {${entry}}`;
  return { title, finding, edits: [insertIntoMapping(text, metadata, flow, ['annotations:', `  ${entry}`])], kind: 'annotation' };
}

/**
 * Adds an entry as the first key of a mapping: after `{` in flow style and JSON, else as lines of
 * their own at the indentation of the existing keys.
 */
function insertIntoMapping(text: string, mapping: SourceNode, flowEntry: string, blockLines: string[]): OffsetEdit {
  const children = mapping.children as Map<string, SourceNode>;
  if (text[mapping.span.start] === '{') {
    const at = mapping.span.start + 1;
    return { start: at, end: at, newText: children.size > 0 ? `${flowEntry}, ` : flowEntry };
  }
  const first = Math.min(...[...children.values()].map((node) => node.keySpan?.start ?? node.span.start));
  const at = withQuotesStart(text, first);
  const indent = ' '.repeat(at - lineStartOf(text, at));
  const newline = newlineOf(text);
  return { start: at, end: at, newText: blockLines.join(newline + indent) + newline + indent };
}

function withQuotesStart(text: string, offset: number): number {
  const before = text[offset - 1];
  return before === '"' || before === "'" ? offset - 1 : offset;
}

function child(root: SourceNode, parentPointer: string, name: string): SourceNode | undefined {
  const parent = nodeAt(root, parentPointer);
  return parent?.children instanceof Map ? parent.children.get(name) : undefined;
}

/** The node at a pointer, or undefined when it does not exist (the core's `locate` stops at the deepest one). */
function nodeAt(root: SourceNode, pointer: string): SourceNode | undefined {
  let node: SourceNode | undefined = root;
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  for (const segment of segments.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    const children: SourceNode['children'] = node?.children;
    node = Array.isArray(children) ? children[Number(segment)] : children?.get(segment);
    if (!node) return undefined;
  }
  return node;
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
    private readonly analysis: DocumentAnalysis,
    document: ParsedDocument,
  ) {
    this.start = document.span.start;
    this.end = document.span.end;
    this.original = analysis.text.slice(this.start, this.end);
    this.failuresBefore = failures(this.analyse(this.original));
  }

  works(fix: QuickFix): boolean {
    if (fix.edits.some((edit) => edit.start < this.start || edit.end > this.end)) return false;
    const edited = applyEdits(this.original, fix.edits.map((edit) => ({ ...edit, start: edit.start - this.start, end: edit.end - this.start })));
    // A comment that lands inside a string would silence the finding by changing the very value it flags.
    if (fix.kind === 'comment' && !sameData(this.original, edited)) return false;
    const after = this.analyse(edited);
    const stillThere = after.findings.some((finding) => finding.indicator === fix.finding.indicator && finding.path === fix.finding.path);
    return !stillThere && failures(after) <= this.failuresBefore;
  }

  private analyse(text: string): AnalysisResult {
    return analyseManifest(text, this.analysis.uri, { config: this.analysis.config });
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
