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
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import type { Span } from '../model.js';
import { LineIndex } from './line-index.js';
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
}

export interface ParsedText {
  text: string;
  lines: LineIndex;
  documents: ParsedDocument[];
  problems: SyntaxProblem[];
  /** Value spans of every scalar, in source order: tells a `#` comment from a `#` inside a string. */
  scalarSpans: Span[];
}

/** Deeper than any real manifest; keeps hostile nesting from exhausting the stack. */
export const MAX_DEPTH = 200;
/** Aliases per document; shared references keep memory flat, this keeps walks bounded too. */
export const MAX_ALIASES = 10_000;

/**
 * Parses multi-document YAML or JSON with positions.
 * Each `---` section is parsed on its own so that one broken document does not hide the others.
 */
export function parseText(text: string): ParsedText {
  const parsed: ParsedText = { text, lines: new LineIndex(text), documents: [], problems: [], scalarSpans: [] };
  for (const section of splitDocuments(text)) {
    parseSection(parsed, section.start, section.end);
  }
  return parsed;
}

/** Sections start at column-0 `---` markers, which YAML forbids anywhere else. */
function splitDocuments(text: string): Span[] {
  const sections: Span[] = [];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  let start = 0;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    // A section of comments or directives only belongs to the document that follows.
    if (/\S/.test(stripComments(text.slice(start, match.index)))) {
      sections.push({ start, end: match.index });
      start = match.index;
    }
  }
  sections.push({ start, end: text.length });
  return sections;
}

function stripComments(chunk: string): string {
  return chunk.replace(/^\s*(#.*|%.*)$/gm, '');
}

function parseSection(parsed: ParsedText, start: number, end: number): void {
  const chunk = parsed.text.slice(start, end);
  let events: Event[];
  try {
    events = parseEvents(chunk, { maxDepth: MAX_DEPTH });
  } catch (error) {
    parsed.problems.push(toProblem(error, start, chunk));
    return;
  }
  try {
    new DocumentBuilder(parsed, chunk, start).build(events);
  } catch (error) {
    parsed.problems.push(toProblem(error, start, chunk));
  }
}

function toProblem(error: unknown, offset: number, chunk: string): SyntaxProblem {
  const mark = (error as { mark?: { position?: number } }).mark;
  // An error at the very end (an unclosed bracket) points at the last character written, not the next section.
  const lastWritten = Math.max(0, chunk.trimEnd().length - 1);
  const position = offset + Math.min(mark?.position ?? 0, lastWritten);
  const raw = error instanceof Error ? (error as { reason?: string }).reason ?? error.message : String(error);
  const message = raw.split('\n')[0].replace(/\s*\(\d+:\d+\)$/, '');
  return { message, span: { start: position, end: position + 1 } };
}

interface MapFrame {
  kind: 'map';
  value: Record<string, unknown>;
  node: SourceNode & { children: Map<string, SourceNode> };
  key: { name: string; span: Span } | null;
  merges: Array<{ value: Record<string, unknown>; node: SourceNode }>;
  flow: boolean;
}

interface SeqFrame {
  kind: 'seq';
  value: unknown[];
  node: SourceNode & { children: SourceNode[] };
  flow: boolean;
}

type Frame = MapFrame | SeqFrame;

class DocumentBuilder {
  private stack: Frame[] = [];
  private anchors = new Map<string, { value: unknown; node: SourceNode }>();
  private aliases = 0;
  private root: { value: unknown; node: SourceNode } | null = null;

  constructor(
    private readonly parsed: ParsedText,
    private readonly chunk: string,
    private readonly offset: number,
  ) {}

  build(events: Event[]): void {
    for (const event of events) {
      switch (event.type) {
        case EVENT_DOCUMENT:
          this.stack = [];
          this.anchors.clear();
          this.aliases = 0;
          this.root = null;
          break;
        case EVENT_MAPPING:
        case EVENT_SEQUENCE:
          this.open(event.type === EVENT_MAPPING, event.start, event.style === COLLECTION_STYLE_FLOW, event);
          break;
        case EVENT_SCALAR:
          this.scalar(event);
          break;
        case EVENT_ALIAS:
          this.alias(event.anchorStart, event.anchorEnd);
          break;
        case EVENT_POP:
          if (this.stack.length > 0) this.close();
          else this.finishDocument();
          break;
      }
    }
  }

  private span(start: number, end: number): Span {
    return { start: this.offset + start, end: this.offset + end };
  }

  private open(isMap: boolean, start: number, flow: boolean, event: { anchorStart: number; anchorEnd: number }): void {
    const span = this.span(start, start + 1);
    const frame: Frame = isMap
      ? { kind: 'map', value: {}, node: { span, children: new Map() }, key: null, merges: [], flow }
      : { kind: 'seq', value: [], node: { span, children: [] }, flow };
    this.anchor(event, frame.value, frame.node);
    this.attach(frame.value, frame.node);
    this.stack.push(frame);
  }

  private close(): void {
    const frame = this.stack.pop()!;
    if (frame.flow) {
      const closer = frame.kind === 'map' ? '}' : ']';
      const at = this.chunk.indexOf(closer, frame.node.span.end - this.offset - 1);
      if (at !== -1) frame.node.span.end = this.offset + at + 1;
    }
    if (frame.kind === 'map') applyMerges(frame);
    const parent = this.stack[this.stack.length - 1];
    if (parent) parent.node.span.end = Math.max(parent.node.span.end, frame.node.span.end);
  }

  private scalar(event: ScalarEvent): void {
    const text = getScalarValue(this.chunk, event);
    const span = this.span(event.valueStart, event.valueEnd);
    this.parsed.scalarSpans.push(span);
    const parent = this.stack[this.stack.length - 1];
    if (parent?.kind === 'map' && parent.key === null) {
      parent.key = { name: text, span };
      parent.node.span.end = Math.max(parent.node.span.end, span.end);
      return;
    }
    const tag = event.tagStart === -1 ? '' : this.chunk.slice(event.tagStart, event.tagEnd);
    const value = event.style === SCALAR_STYLE_PLAIN && (tag === '' || tag === '!!bool' || tag === '!!int')
      ? resolvePlainScalar(text)
      : text;
    const node: SourceNode = { span };
    this.anchor(event, value, node);
    this.attach(value, node);
  }

  private alias(anchorStart: number, anchorEnd: number): void {
    const name = this.chunk.slice(anchorStart, anchorEnd);
    const target = this.anchors.get(name);
    if (!target) throw Object.assign(new Error(`unknown alias *${name}`), { mark: { position: anchorStart } });
    if (++this.aliases > MAX_ALIASES) {
      throw Object.assign(new Error(`more than ${MAX_ALIASES} aliases in one document (alias bomb?)`), {
        mark: { position: anchorStart },
      });
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent?.kind === 'map' && parent.key === null) {
      parent.key = { name: String(target.value), span: this.span(anchorStart - 1, anchorEnd) };
      return;
    }
    // The alias shares the anchored value; its own range is the `*name` token, its children are the anchor's.
    this.attach(target.value, { span: this.span(anchorStart - 1, anchorEnd), children: target.node.children });
  }

  private anchor(event: { anchorStart: number; anchorEnd: number }, value: unknown, node: SourceNode): void {
    if (event.anchorStart !== -1) this.anchors.set(this.chunk.slice(event.anchorStart, event.anchorEnd), { value, node });
  }

  private attach(value: unknown, node: SourceNode): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      this.root = { value, node };
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
      for (const source of Array.isArray(value) ? value : [value]) {
        if (source && typeof source === 'object' && !Array.isArray(source)) parent.merges.push({ value: source, node });
      }
      return;
    }
    node.keySpan = key.span;
    defineKey(parent.value, key.name, value);
    parent.node.children.set(key.name, node);
  }

  private finishDocument(): void {
    if (!this.root || this.root.value === null) return;
    this.parsed.documents.push({
      index: this.parsed.documents.length,
      value: this.root.value,
      root: this.root.node,
      span: { start: this.offset, end: this.offset + this.chunk.length },
    });
    this.root = null;
  }
}

function applyMerges(frame: MapFrame): void {
  for (const merge of frame.merges) {
    for (const [key, value] of Object.entries(merge.value)) {
      if (Object.prototype.hasOwnProperty.call(frame.value, key)) continue;
      defineKey(frame.value, key, value);
      const child = merge.node.children instanceof Map ? merge.node.children.get(key) : undefined;
      frame.node.children.set(key, child ?? merge.node);
    }
  }
}

/** Plain assignment would turn a `__proto__` key into a prototype change. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
