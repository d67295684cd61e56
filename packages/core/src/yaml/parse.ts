import {
  parseEvents,
  getScalarValue,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  COLLECTION_STYLE_FLOW,
  SCALAR_STYLE_PLAIN,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_FOLDED_BLOCK,
  type Event,
  type ScalarEvent,
} from './js-yaml.js';
import type { Span } from '../model.js';
import { setOwn } from '../own.js';
import { lineIndex, type LineIndex } from './line-index.js';
import { kubernetesSections } from './kubernetes-stream.js';
import { resolvePlainScalar } from './scalar.js';
import type { SourceNode } from './source-node.js';

/** One YAML (or JSON) document: its plain value, and where each of its nodes sits in the text. */
export interface ParsedDocument {
  /** 0-based index among the non-empty documents of the text. */
  index: number;
  value: unknown;
  root: SourceNode;
  span: Span;
}

export interface SyntaxProblem {
  message: string;
  span: Span;
  /** The section was skipped on purpose (a Helm template) rather than broken. */
  skipped?: boolean;
}

/** One `---` section of the text (one document, or a few separated by `...`), parsed on its own. */
export interface ParsedSection {
  span: Span;
  documents: ParsedDocument[];
  problems: SyntaxProblem[];
  /** Value spans of the section's scalars, in source order. */
  scalarSpans: Span[];
}

export interface ParsedText {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
  problems: SyntaxProblem[];
  /** Value spans of every scalar, in source order: tells a `#` comment from a `#` inside a string. */
  scalarSpans: Span[];
}

export interface ParseOptions {
  /**
   * Read the text as kubectl does (YAML 1.1 through go-yaml, JSON streams, its document splitting;
   * see kubernetes-stream.ts) rather than as YAML 1.2. For manifests; a config file keeps YAML 1.2
   * (`severity: off` is a word there).
   */
  kubernetesScalars?: boolean;
}

/** Deeper than any real manifest; keeps hostile nesting from exhausting the stack. */
export const MAX_DEPTH = 200;
/** Aliases per document; shared references keep memory flat, this keeps walks bounded too. */
export const MAX_ALIASES = 10_000;
/**
 * Nodes that aliases may add to one document once expanded. Shared references keep memory flat, but
 * every consumer that walks the value (a command list, a JSON output) pays for the expanded size:
 * a "billion laughs" of nine nested levels expands to 387 million strings.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/**
 * Parses multi-document YAML or JSON with positions.
 * Each `---` section is parsed on its own so that one broken document does not hide the others.
 */
export function parseText(text: string, options: ParseOptions = {}): ParsedText {
  const parsed: ParsedText = { text, lines: lineIndex(text), documents: [], problems: [], scalarSpans: [] };
  for (const section of parseSections(text, options)) {
    // Loops, not push(...spread): one section of a large file can hold a million scalars.
    for (const document of section.documents) parsed.documents.push(document);
    for (const problem of section.problems) parsed.problems.push(problem);
    for (const span of section.scalarSpans) parsed.scalarSpans.push(span);
  }
  return parsed;
}

/**
 * The sections of the text one at a time, so that a caller done with one can let its parse tree go:
 * a 50 MB file of small documents then never holds every tree at once. Document indexes run on
 * across sections.
 */
export function* parseSections(text: string, options: ParseOptions = {}): Generator<ParsedSection> {
  if (options.kubernetesScalars) {
    yield* kubernetesSections(text);
    return;
  }
  let documents = 0;
  for (const span of splitDocuments(text)) {
    const section = parseSection(text, span, resolvePlainScalar, documents);
    documents += documentCount(section);
    yield section;
  }
}

/**
 * How many documents a section holds as a reader counts them: one that failed to parse still was a
 * document, so the documents after it keep the index a person would give them.
 */
export function documentCount(section: ParsedSection): number {
  return section.documents.length > 0 ? section.documents.length : section.problems.length > 0 ? 1 : 0;
}

/** Sections start at column-0 `---` markers, which YAML forbids anywhere else. */
function splitDocuments(text: string): Span[] {
  const sections: Span[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    // A section of comments or directives only belongs to the document that follows.
    if (hasContent(text.slice(start, match.index))) {
      const cut = directivesStart(text, start, match.index);
      sections.push({ start, end: cut });
      start = cut;
    }
  }
  sections.push({ start, end: text.length });
  return sections;
}

/**
 * Where the directives (`%YAML`, `%TAG`) in front of a `---` begin: after a `...` they belong to the
 * next document, so the cut goes before them. Blank and comment lines among them go along.
 */
function directivesStart(text: string, sectionStart: number, markerAt: number): number {
  let cut = markerAt;
  let lineStart = markerAt;
  while (lineStart > sectionStart) {
    const previous = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(Math.max(previous, sectionStart), lineStart);
    if (line.startsWith('%')) cut = Math.max(previous, sectionStart);
    else if (!/^[ \t]*(#.*)?\r?\n?$/.test(line)) break;
    lineStart = Math.max(previous, sectionStart);
  }
  return cut;
}

/** A line that is neither blank, nor a comment, nor a directive (usually the very first one). */
function hasContent(chunk: string): boolean {
  return /^[ \t]*[^\s#%]/m.test(chunk);
}

function parseSection(text: string, span: Span, resolve: (plain: string) => unknown, firstIndex: number): ParsedSection {
  const section: ParsedSection = { span, documents: [], problems: [], scalarSpans: [] };
  const chunk = text.slice(span.start, span.end);
  try {
    const events: Event[] = parseEvents(chunk, { maxDepth: MAX_DEPTH });
    buildDocuments(events, section, chunk, span.start, resolve, firstIndex);
  } catch (error) {
    section.problems.push(helmTemplateNote(chunk, span.start) ?? syntaxProblem(error, span.start, chunk));
  }
  return section;
}

/**
 * Helm chart templates are not YAML until rendered; a parse error deep inside one would only confuse.
 * Only sections that fail are judged: `image: "{{ .Values.image }}"` alone is valid YAML and is analysed.
 */
export function helmTemplateNote(chunk: string, offset: number): SyntaxProblem | undefined {
  const at = chunk.indexOf('{{');
  if (at === -1) return undefined;
  return {
    message: 'document skipped: looks like a Helm template; render it with `helm template` first',
    span: { start: offset + at, end: offset + at + 2 },
    skipped: true,
  };
}

/** A parser's error as a problem at its place in the text. */
export function syntaxProblem(error: unknown, offset: number, chunk: string): SyntaxProblem {
  const mark = (error as { mark?: { position?: number } }).mark;
  // An error at the very end (an unclosed bracket) points at the last character written, not the next section.
  const lastWritten = Math.max(0, chunk.trimEnd().length - 1);
  const position = offset + Math.min(mark?.position ?? 0, lastWritten);
  const raw = error instanceof Error ? (error as { reason?: string }).reason ?? error.message : String(error);
  const message = raw
    .split('\n')[0]
    .replace(/\s*\(\d+:\d+\)$/, '')
    .replace(/^nesting exceeded maxDepth \((\d+)\)$/, 'nested more than $1 levels deep; no Kubernetes manifest is, so the document is not read');
  return { message, span: { start: position, end: position + 1 } };
}

/** An anchored node; `open` while its collection is still being read (an alias to it then is a cycle). */
interface Anchor {
  value: unknown;
  node: SourceNode;
  /** Nodes in the value once every alias inside it is expanded. */
  weight: number;
  open: boolean;
}

interface FrameBase {
  /** Nodes read so far, aliases expanded, this collection included. */
  weight: number;
  anchor: Anchor | undefined;
}

interface MapFrame extends FrameBase {
  kind: 'map';
  value: Record<string, unknown>;
  node: SourceNode & { children: Map<string, SourceNode> };
  key: { name: string; span: Span } | null;
  /** `<<` merge sources, applied when the mapping closes so that its own keys win. */
  merges: Array<{ value: object; node: SourceNode; keySpan: Span }>;
  flow: boolean;
}

interface SeqFrame extends FrameBase {
  kind: 'seq';
  value: unknown[];
  node: SourceNode & { children: SourceNode[] };
  flow: boolean;
}

type Frame = MapFrame | SeqFrame;

/** Builds the section's documents from the parser's events: values, source nodes and anchors. */
function buildDocuments(
  events: Event[],
  section: ParsedSection,
  chunk: string,
  offset: number,
  resolve: (plain: string) => unknown,
  firstIndex: number,
): void {
  let stack: Frame[] = [];
  const anchors = new Map<string, Anchor>();
  let aliases = 0;
  let expansion = 0;
  /** Problems that do not stop the document (duplicate keys); kept only if the section parses. */
  const warnings: SyntaxProblem[] = [];
  let root: { value: unknown; node: SourceNode } | null = null;

  function spanOf(start: number, end: number): Span {
    return { start: offset + start, end: offset + end };
  }

  function open(isMap: boolean, start: number, flow: boolean, event: { anchorStart: number; anchorEnd: number }): void {
    const parent = stack[stack.length - 1];
    if (parent?.kind === 'map' && parent.key === null) {
      throw located('a mapping key that is itself a list or mapping has no meaning in a Kubernetes manifest', start);
    }
    const span = spanOf(start, start + 1);
    // Plain literals, not a spread of shared fields: the spread made this the parser's hottest line (2.5x slower parse).
    const frame: Frame = isMap
      ? { kind: 'map', value: {}, node: { span, children: new Map() }, key: null, merges: [], flow, weight: 1, anchor: undefined }
      : { kind: 'seq', value: [], node: { span, children: [] }, flow, weight: 1, anchor: undefined };
    frame.anchor = anchorAt(event, frame.value, frame.node, true);
    attach(frame.value, frame.node);
    stack.push(frame);
  }

  function close(): void {
    const frame = stack.pop()!;
    if (frame.anchor) {
      frame.anchor.open = false;
      frame.anchor.weight = frame.weight;
    }
    if (frame.flow) {
      const closer = frame.kind === 'map' ? '}' : ']';
      const at = chunk.indexOf(closer, frame.node.span.end - offset - 1);
      if (at !== -1) frame.node.span.end = offset + at + 1;
    }
    if (frame.kind === 'map') applyMerges(frame);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.node.span.end = Math.max(parent.node.span.end, frame.node.span.end);
      parent.weight += frame.weight;
    }
  }

  function scalar(event: ScalarEvent): void {
    const text = getScalarValue(chunk, event);
    const block = event.style === SCALAR_STYLE_LITERAL_BLOCK || event.style === SCALAR_STYLE_FOLDED_BLOCK;
    const span = block ? blockContentSpan(event.valueStart, event.valueEnd) : spanOf(event.valueStart, event.valueEnd);
    section.scalarSpans.push(span);
    const parent = stack[stack.length - 1];
    if (parent?.kind === 'map' && parent.key === null) {
      parent.key = { name: text, span };
      parent.node.span.end = Math.max(parent.node.span.end, span.end);
      return;
    }
    const tag = event.tagStart === -1 ? '' : chunk.slice(event.tagStart, event.tagEnd);
    const value = event.style === SCALAR_STYLE_PLAIN && (tag === '' || tag === '!!bool' || tag === '!!int')
      ? resolve(text)
      : text;
    const node: SourceNode = { span };
    anchorAt(event, value, node, false);
    if (parent) parent.weight += 1;
    attach(value, node);
  }

  /** A block scalar's value spans whole lines; its range is the text written, without indentation or trailing breaks. */
  function blockContentSpan(start: number, end: number): Span {
    let first = start;
    while (first < end && isWhitespace(chunk.charCodeAt(first))) first++;
    if (first === end) return spanOf(start, start);
    let last = end;
    while (last > first && isWhitespace(chunk.charCodeAt(last - 1))) last--;
    return spanOf(first, last);
  }

  function alias(anchorStart: number, anchorEnd: number): void {
    const name = chunk.slice(anchorStart, anchorEnd);
    const target = anchors.get(name);
    if (!target) throw located(`unknown alias *${name}`, anchorStart - 1);
    // A value that contains itself would send every consumer that walks it into an endless loop.
    if (target.open) throw located(`alias *${name} refers to a node that contains it (a cycle)`, anchorStart - 1);
    if (++aliases > MAX_ALIASES) {
      throw located(`more than ${MAX_ALIASES} aliases in one document (an alias bomb?)`, anchorStart - 1);
    }
    expansion += target.weight;
    if (expansion > MAX_ALIAS_EXPANSION) {
      throw located(`aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes in one document (an alias bomb?)`, anchorStart - 1);
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.weight += target.weight;
    if (parent?.kind === 'map' && parent.key === null) {
      parent.key = { name: String(target.value), span: spanOf(anchorStart - 1, anchorEnd) };
      return;
    }
    // The alias shares the anchored value; its own range is the `*name` token, its children are the anchor's.
    attach(target.value, { span: spanOf(anchorStart - 1, anchorEnd), children: target.node.children, alias: true });
  }

  function anchorAt(event: { anchorStart: number; anchorEnd: number }, value: unknown, node: SourceNode, open: boolean): Anchor | undefined {
    if (event.anchorStart === -1) return undefined;
    const anchor: Anchor = { value, node, weight: 1, open };
    anchors.set(chunk.slice(event.anchorStart, event.anchorEnd), anchor);
    return anchor;
  }

  function attach(value: unknown, node: SourceNode): void {
    const parent = stack[stack.length - 1];
    if (!parent) {
      root = { value, node };
      return;
    }
    parent.node.span.end = Math.max(parent.node.span.end, node.span.end);
    if (parent.kind === 'seq') {
      parent.value.push(value);
      parent.node.children.push(node);
      return;
    }
    const key = parent.key!;
    parent.key = null;
    if (key.name === '<<' && value !== null && typeof value === 'object') {
      // A collection written in place is still empty here; its sources are read when the mapping closes.
      parent.merges.push({ value, node, keySpan: key.span });
      return;
    }
    node.keySpan = key.span;
    if (parent.node.children.has(key.name)) {
      // Kubernetes decoders disagree on which copy wins; say so rather than silently pick one.
      warnings.push({ message: `duplicate key "${key.name}" in one mapping; the later value is used`, span: key.span });
    }
    defineKey(parent.value, key.name, value);
    parent.node.children.set(key.name, node);
  }

  function finishDocument(): void {
    if (!root || root.value === null) return;
    section.documents.push({
      index: firstIndex + section.documents.length,
      value: root.value,
      root: root.node,
      span: { start: offset, end: offset + chunk.length },
    });
    root = null;
  }

  for (const event of events) {
    switch (event.type) {
      case EVENT_DOCUMENT:
        stack = [];
        anchors.clear();
        aliases = 0;
        expansion = 0;
        root = null;
        break;
      case EVENT_MAPPING:
      case EVENT_SEQUENCE:
        open(event.type === EVENT_MAPPING, event.start, event.style === COLLECTION_STYLE_FLOW, event);
        break;
      case EVENT_SCALAR:
        scalar(event);
        break;
      case EVENT_ALIAS:
        alias(event.anchorStart, event.anchorEnd);
        break;
      case EVENT_POP:
        if (stack.length > 0) close();
        else finishDocument();
        break;
    }
  }
  for (const warning of warnings) section.problems.push(warning);
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** An error with the offset (in the section) it concerns, as js-yaml's own errors carry it. */
function located(message: string, position: number): Error {
  return Object.assign(new Error(message), { mark: { position } });
}

function applyMerges(frame: MapFrame): void {
  if (frame.merges.length === 0) return;
  const sources = frame.merges.flatMap((merge) =>
    (Array.isArray(merge.value) ? merge.value : [merge.value])
      .filter((source): source is Record<string, unknown> => source !== null && typeof source === 'object' && !Array.isArray(source))
      .map((source) => ({ ...merge, value: source })),
  );
  for (const merge of sources) {
    for (const [key, value] of Object.entries(merge.value)) {
      if (Object.prototype.hasOwnProperty.call(frame.value, key)) continue;
      defineKey(frame.value, key, value);
      // An inline source has the key in place; one brought in by an alias is pointed at by its `<<: *name` line.
      const inline = !merge.node.alias && merge.node.children instanceof Map ? merge.node.children.get(key) : undefined;
      frame.node.children.set(key, inline ?? { span: { start: merge.keySpan.start, end: merge.node.span.end }, alias: true });
    }
  }
}

/** Plain assignment would turn a `__proto__` key into a prototype change; every other key takes the fast path. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') setOwn(target, key, value);
  else target[key] = value;
}
