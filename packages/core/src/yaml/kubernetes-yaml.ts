/**
 * One YAML chunk (the text between two `---` lines) read as Kubernetes reads it: go-yaml v2 (YAML 1.1)
 * decoding into JSON. js-yaml supplies the events and positions; this file gives them go-yaml's meaning:
 * - NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks (a comment ends there);
 * - tags convert scalars (`!!bool "true"`, `!!binary`), unknown tags are ignored;
 * - `<<` merges apply in document order: a later key overrides a merged one and a later merge
 *   overrides an earlier key; in `<<: [*a, *b]` the first map wins;
 * - keys are spelled as sigs.k8s.io/yaml spells them (`y:` is "true", `0644:` is "420");
 * - only the chunk's first document is read (text after `...` is never seen by kubectl);
 * - limits are go-yaml's own: the alias-ratio guard, 10,000 levels of nesting (encoding/json's).
 * Values a cluster could not hold (NaN, infinities, null keys) are refused as kubectl refuses them.
 */
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
  SCALAR_STYLE_SINGLE_QUOTED,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_FOLDED_BLOCK,
  type Event,
  type ScalarEvent,
} from './js-yaml.js';
import type { Span } from '../model.js';
import { defineKey } from './define-key.js';
import { JSON_MAX_DEPTH } from './json-stream.js';
import type { ParsedSection, SyntaxProblem } from './parse.js';
import type { SourceNode } from './source-node.js';
import { blockScalarValue, expandTag, flowScalarValue, keyText, MERGE_TAG, resolveScalar, ScalarError, type Scalar } from './yaml11-scalars.js';

/**
 * How deep js-yaml is asked to follow. It reads recursively: far deeper than real manifests, yet short
 * of the JavaScript stack, and of the time that thousands of levels of block indentation cost it.
 * Deeper documents are reported (Kubernetes itself stops at JSON_MAX_DEPTH).
 */
const READER_MAX_DEPTH = 1_100;

/** go-yaml refuses an implicit key this long ("mapping values are not allowed in this context"). */
const MAX_IMPLICIT_KEY = 1024;

interface Anchor {
  value: unknown;
  node: SourceNode;
  /** go-yaml's decode steps for the node, aliases inside it expanded. */
  weight: number;
  /** Levels of nesting inside the value (0 for a scalar). */
  depth: number;
  open: boolean;
  /** The resolved scalar, when the anchored node is one (an alias may then be a key). */
  scalar?: Scalar;
}

interface Frame {
  isMap: boolean;
  value: Record<string, unknown> | unknown[];
  node: SourceNode;
  flow: boolean;
  /** The key read and waiting for its value; `merge` for a `<<` key. */
  key: { name: string; span: Span; merge: boolean } | null;
  weight: number;
  depth: number;
  anchor: Anchor | undefined;
  /** This collection is the value of a `<<` key of `into`. */
  merge?: { into: Frame; keySpan: Span };
  /** For a `<<: [ … ]` list: its maps, applied when the list closes. */
  mergeSources?: Array<{ value: Record<string, unknown>; node: SourceNode; viaAlias: boolean }>;
  /** Keys that came from a merge, so that a later explicit key is no duplicate. */
  merged?: Set<string>;
}

/** An error at an offset of the chunk, as js-yaml's own errors carry it. */
function located(message: string, position: number): Error {
  return Object.assign(new Error(message), { mark: { position } });
}

function allowedAliasRatio(decodes: number): number {
  if (decodes <= 400_000) return 0.99;
  if (decodes >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodes - 400_000) / 3_600_000);
}

/** js-yaml's chomping indicators on a block scalar's event: `-` and `+` (clip, the default, is 1). */
const CHOMPING_STRIP = 2;
const CHOMPING_KEEP = 3;

/** Code units whose meaning js-yaml and go-yaml disagree on, replaced one for one so offsets hold. */
const YAML11_BREAKS = /[\u0085\u2028\u2029]/g;
const HAS_YAML11_BREAK = /[\u0085\u2028\u2029]/;

/**
 * Parses one chunk's first document into `section`. `chunk` is the text as written; `offset` its
 * place in the file. Throws (with `mark.position`) where go-yaml would refuse the chunk.
 */
export function buildKubernetesDocument(chunk: string, offset: number, section: ParsedSection, firstIndex: number): void {
  const hasYaml11Breaks = HAS_YAML11_BREAK.test(chunk);
  const input = hasYaml11Breaks ? chunk.replace(YAML11_BREAKS, '\n') : chunk;
  let events: Event[];
  try {
    events = parseEvents(input, { maxDepth: READER_MAX_DEPTH });
  } catch (error) {
    const message = (error as { reason?: string }).reason ?? '';
    if (error instanceof RangeError || message.startsWith('nesting exceeded maxDepth')) {
      const at = (error as { mark?: { position?: number } }).mark?.position ?? 0;
      throw located(`nested too deeply for this reader (it follows ${READER_MAX_DEPTH} levels, Kubernetes ${JSON_MAX_DEPTH}); the document is not read`, at);
    }
    throw error;
  }

  const stack: Frame[] = [];
  const anchors = new Map<string, Anchor>();
  let decodes = 0;
  let aliasDecodes = 0;
  let root: { value: unknown; node: SourceNode } | null = null;
  const notes: SyntaxProblem[] = [];

  const spanOf = (start: number, end: number): Span => ({ start: offset + start, end: offset + end });
  const top = (): Frame | undefined => stack[stack.length - 1];

  function count(weight: number, aliased: number, at: number): void {
    decodes += weight;
    aliasDecodes += aliased;
    if (aliasDecodes > 100 && decodes > 1000 && aliasDecodes / decodes > allowedAliasRatio(decodes)) {
      throw located('document contains excessive aliasing (go-yaml refuses it)', at);
    }
  }

  function addWeight(parent: Frame | undefined, weight: number, depth: number): void {
    if (!parent) return;
    parent.weight += weight;
    if (depth + 1 > parent.depth) parent.depth = depth + 1;
  }

  function setAnchor(event: { anchorStart: number; anchorEnd: number }, anchor: Anchor): Anchor | undefined {
    if (event.anchorStart === -1) return undefined;
    anchors.set(chunk.slice(event.anchorStart, event.anchorEnd), anchor);
    return anchor;
  }

  /** A value read in the parent: appended, set under its key, or merged. */
  function attach(value: unknown, node: SourceNode, at: number): void {
    const parent = top();
    if (!parent) {
      root = { value, node };
      return;
    }
    parent.node.span.end = Math.max(parent.node.span.end, node.span.end);
    if (!parent.isMap) {
      if (parent.mergeSources) {
        if (!isMap(value)) throw located('map merge requires map or sequence of maps as the value', at);
        parent.mergeSources.push({ value, node, viaAlias: node.alias === true });
        return;
      }
      (parent.value as unknown[]).push(value);
      (parent.node.children as SourceNode[]).push(node);
      return;
    }
    const key = parent.key!;
    parent.key = null;
    if (key.merge) {
      if (!isMap(value)) throw located('map merge requires map or sequence of maps as the value', at);
      mergeInto(parent, value, node, key.span, node.alias === true);
      return;
    }
    node.keySpan = key.span;
    const children = parent.node.children as Map<string, SourceNode>;
    if (children.has(key.name) && !parent.merged?.delete(key.name)) {
      notes.push({ message: `duplicate key "${key.name}" in one mapping; Kubernetes uses the later value`, span: key.span, skipped: true });
    }
    defineKey(parent.value as Record<string, unknown>, key.name, value);
    children.set(key.name, node);
  }

  /** go-yaml decodes the merged map into the mapping being built: its keys overwrite what is there. */
  function mergeInto(target: Frame, source: Record<string, unknown>, sourceNode: SourceNode, keySpan: Span, viaAlias: boolean): void {
    const children = target.node.children as Map<string, SourceNode>;
    const sourceChildren = sourceNode.children instanceof Map ? sourceNode.children : undefined;
    target.merged ??= new Set();
    for (const key of Object.keys(source)) {
      defineKey(target.value as Record<string, unknown>, key, source[key]);
      // A key written in place keeps its own range; one brought by an alias points at the `<<: *name` line.
      const inline = !viaAlias ? sourceChildren?.get(key) : undefined;
      children.set(key, inline ?? { span: { start: keySpan.start, end: sourceNode.span.end }, alias: true });
      target.merged.add(key);
    }
  }

  function open(event: Event & { type: typeof EVENT_MAPPING | typeof EVENT_SEQUENCE }, isMapEvent: boolean): void {
    const parent = top();
    if (parent?.isMap && parent.key === null) throw located('invalid map key: a list or mapping cannot be a key', event.start);
    if (stack.length + 1 > JSON_MAX_DEPTH) throw located(`nested more than ${JSON_MAX_DEPTH} levels deep (Kubernetes refuses it)`, event.start);
    const mergeList = !isMapEvent && parent?.isMap === true && parent.key?.merge === true;
    if (parent?.mergeSources && !isMapEvent) throw located('map merge requires map or sequence of maps as the value', event.start);
    const span = spanOf(event.start, event.start + 1);
    const frame: Frame = {
      isMap: isMapEvent,
      value: isMapEvent ? {} : [],
      node: { span, children: isMapEvent ? new Map() : [] },
      flow: event.style === COLLECTION_STYLE_FLOW,
      key: null,
      weight: mergeList ? 0 : 1,
      depth: 1,
      anchor: undefined,
    };
    count(mergeList ? 0 : 1, 0, event.start);
    frame.anchor = setAnchor(event, { value: frame.value, node: frame.node, weight: 1, depth: 1, open: true });
    if (parent?.isMap && parent.key?.merge) {
      frame.merge = { into: parent, keySpan: parent.key.span };
      if (mergeList) frame.mergeSources = [];
    } else if (!parent?.mergeSources) {
      attach(frame.value, frame.node, event.start);
    }
    stack.push(frame);
  }

  function close(): void {
    const frame = stack.pop()!;
    if (frame.flow) {
      const closer = frame.isMap ? '}' : ']';
      const at = chunk.indexOf(closer, frame.node.span.end - offset - 1);
      if (at !== -1) frame.node.span.end = offset + at + 1;
    }
    if (frame.anchor) {
      frame.anchor.open = false;
      frame.anchor.weight = frame.weight;
      frame.anchor.depth = frame.depth;
    }
    const parent = top();
    addWeight(parent, frame.weight, frame.depth);
    if (parent) parent.node.span.end = Math.max(parent.node.span.end, frame.node.span.end);
    if (frame.merge) {
      const { into, keySpan } = frame.merge;
      into.key = null;
      // In a list of maps the earlier ones take precedence: go-yaml decodes them last first.
      const sources = frame.mergeSources ?? [{ value: frame.value as Record<string, unknown>, node: frame.node, viaAlias: false }];
      for (let i = sources.length - 1; i >= 0; i--) mergeInto(into, sources[i].value, sources[i].node, keySpan, sources[i].viaAlias);
    } else if (parent?.mergeSources) {
      parent.mergeSources.push({ value: frame.value as Record<string, unknown>, node: frame.node, viaAlias: false });
    }
  }

  function scalar(event: ScalarEvent): void {
    const written = chunk.slice(event.valueStart, event.valueEnd);
    let text = getScalarValue(input, event);
    const style = event.style;
    const flowStyle = style === SCALAR_STYLE_PLAIN ? 'plain' : style === SCALAR_STYLE_SINGLE_QUOTED ? 'single' : style === SCALAR_STYLE_DOUBLE_QUOTED ? 'double' : undefined;
    if (event.valueStart !== -1 && flowStyle && ((flowStyle === 'double' && written.includes('\\')) || (hasYaml11Breaks && /[\u2028\u2029]/.test(written)))) {
      try {
        text = flowScalarValue(written, flowStyle);
      } catch (error) {
        throw located((error as Error).message, event.valueStart);
      }
    }
    const block = style === SCALAR_STYLE_LITERAL_BLOCK || style === SCALAR_STYLE_FOLDED_BLOCK;
    if (block && hasYaml11Breaks && /[\u2028\u2029]/.test(written)) text = separatorsKept(event, written, text);
    const span = event.valueStart === -1 ? emptySpan(event) : block ? blockContentSpan(event.valueStart, event.valueEnd) : spanOf(event.valueStart, event.valueEnd);
    section.scalarSpans.push(span);
    const tag = event.tagStart === -1 ? '' : expandTag(chunk.slice(event.tagStart, event.tagEnd));
    const plain = style === SCALAR_STYLE_PLAIN && (tag === '' || tag === '!');
    const parent = top();
    const at = event.valueStart === -1 ? Math.max(0, event.tagStart) : event.valueStart;

    if (parent?.isMap && parent.key === null) {
      if (text === '<<' && (plain || tag === MERGE_TAG)) {
        parent.key = { name: '<<', span, merge: true };
        return;
      }
      if (event.valueStart !== -1 && event.valueEnd - event.valueStart > MAX_IMPLICIT_KEY && !explicitKey(event.valueStart)) {
        throw located('mapping values are not allowed in this context (a key longer than 1024 characters)', event.valueStart);
      }
      const resolved = resolveAt(tag === '!' ? '' : tag, text, plain && tag === '', at);
      let name: string;
      try {
        name = keyText(resolved);
      } catch (error) {
        throw located((error as Error).message, at);
      }
      parent.key = { name, span, merge: false };
      count(1, 0, at);
      addWeight(parent, 1, 0);
      return;
    }
    const resolved = resolveAt(tag === '!' ? '!' : tag, text, plain && tag === '', at);
    if (resolved.type === 'float' && !Number.isFinite(resolved.value)) {
      throw located(`json: unsupported value: ${Number.isNaN(resolved.value) ? 'NaN' : resolved.value > 0 ? '+Inf' : '-Inf'}`, at);
    }
    const node: SourceNode = { span };
    setAnchor(event, { value: resolved.value, node, weight: 1, depth: 0, open: false, scalar: resolved });
    count(1, 0, at);
    addWeight(parent, 1, 0);
    attach(resolved.value, node, at);
  }

  /**
   * A block scalar whose lines end in a LINE or PARAGRAPH SEPARATOR: go-yaml keeps the character where
   * js-yaml (reading it as a line feed) wrote a line feed or folded it into a space. The same reading with
   * line feeds must give js-yaml's value, so the content's indentation was read alike; else js-yaml's stands.
   */
  function separatorsKept(event: ScalarEvent, written: string, text: string): string {
    const literal = event.style === SCALAR_STYLE_LITERAL_BLOCK;
    const chomping = event.chomping === CHOMPING_STRIP ? 'strip' : event.chomping === CHOMPING_KEEP ? 'keep' : 'clip';
    if (blockScalarValue(written, event.indent, literal, chomping, true) !== text) return text;
    return blockScalarValue(written, event.indent, literal, chomping);
  }

  function resolveAt(tag: string, text: string, plain: boolean, at: number): Scalar {
    try {
      return resolveScalar(tag, text, plain);
    } catch (error) {
      if (error instanceof ScalarError) throw located(error.message, at);
      throw error;
    }
  }

  /** `? key` rather than an implicit `key:`: go-yaml's length limit is for implicit keys only. */
  function explicitKey(valueStart: number): boolean {
    let i = valueStart - 1;
    if (chunk[i] === '"' || chunk[i] === "'") i--;
    while (i >= 0 && (chunk[i] === ' ' || chunk[i] === '\t')) i--;
    return chunk[i] === '?';
  }

  function alias(event: { anchorStart: number; anchorEnd: number }): void {
    const name = chunk.slice(event.anchorStart, event.anchorEnd);
    const at = event.anchorStart - 1;
    const target = anchors.get(name);
    if (!target) throw located(`unknown anchor '${name}' referenced`, at);
    if (target.open) throw located(`anchor '${name}' value contains itself`, at);
    count(1 + target.weight, target.weight, at);
    const parent = top();
    if (stack.length + target.depth > JSON_MAX_DEPTH) throw located(`nested more than ${JSON_MAX_DEPTH} levels deep once aliases are expanded (Kubernetes refuses it)`, at);
    const span = spanOf(at, event.anchorEnd);
    if (parent?.isMap && parent.key === null) {
      if (!target.scalar) throw located('invalid map key: a list or mapping cannot be a key', at);
      let keyName: string;
      try {
        keyName = keyText(target.scalar);
      } catch (error) {
        throw located((error as Error).message, at);
      }
      parent.key = { name: keyName, span, merge: false };
      addWeight(parent, 1 + target.weight, 0);
      return;
    }
    addWeight(parent, 1 + target.weight, target.depth);
    // The alias shares the anchored value; its own range is the `*name` token, its children are the anchor's.
    attach(target.value, { span, children: target.node.children, alias: true }, at);
  }

  function emptySpan(event: ScalarEvent): Span {
    const at = event.tagEnd !== -1 ? event.tagEnd : event.anchorEnd !== -1 ? event.anchorEnd : 0;
    return spanOf(at, at);
  }

  function blockContentSpan(start: number, end: number): Span {
    let first = start;
    while (first < end && isWhitespace(chunk.charCodeAt(first))) first++;
    if (first === end) return spanOf(start, start);
    let last = end;
    while (last > first && isWhitespace(chunk.charCodeAt(last - 1))) last--;
    return spanOf(first, last);
  }

  let documents = 0;
  for (const event of events) {
    switch (event.type) {
      case EVENT_DOCUMENT:
        // go-yaml reads the chunk's first document only; the caller cut the text there already.
        if (++documents > 1) return finish();
        count(1, 0, 0);
        break;
      case EVENT_MAPPING:
      case EVENT_SEQUENCE:
        open(event, event.type === EVENT_MAPPING);
        break;
      case EVENT_SCALAR:
        scalar(event);
        break;
      case EVENT_ALIAS:
        alias(event);
        break;
      case EVENT_POP:
        if (stack.length > 0) close();
        break;
    }
  }
  finish();

  function finish(): void {
    for (const note of notes) section.problems.push(note);
    const document = root as { value: unknown; node: SourceNode } | null;
    if (!document || document.value === null) return;
    section.documents.push({ index: firstIndex, value: document.value, root: document.node, span: spanOf(0, chunk.length) });
  }
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
