import type { Span } from '../model.js';
import { pointerSegments } from '../util/json-pointer.js';

/** Where one node of a parsed document sits in the source text. */
export interface SourceNode {
  /** The value: a scalar's text, or a collection from its first to its last character. */
  span: Span;
  /** The key in front of the value, when the node is a mapping value. */
  keySpan?: Span;
  children?: Map<string, SourceNode> | SourceNode[];
  /**
   * An alias (`*name`) or a key brought in by a `<<` merge: the value is written at its anchor. Paths
   * through it stop here, so a finding points at the line that brought the value in, in context.
   */
  alias?: true;
}

/** The deepest node on the way to `pointer` (the node itself when it exists), stopping at an alias. */
export function locate(root: SourceNode, pointer: string): SourceNode {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (node.alias) break;
    const next = childOf(node, segment);
    if (!next) break;
    node = next;
  }
  return node;
}

/** The node at `pointer` itself, or undefined when the document has nothing there (an edit needs the exact node). */
export function nodeAt(root: SourceNode, pointer: string): SourceNode | undefined {
  let node: SourceNode | undefined = root;
  for (const segment of pointerSegments(pointer)) {
    node = childOf(node, segment);
    if (!node) return undefined;
  }
  return node;
}

function childOf(node: SourceNode, segment: string): SourceNode | undefined {
  const children = node.children;
  return Array.isArray(children) ? children[Number(segment)] : children?.get(segment);
}

/** The span a finding points at: a scalar's value, or a collection with its key. */
export function findingSpan(node: SourceNode): Span {
  if (node.children && node.keySpan) return { start: node.keySpan.start, end: node.span.end };
  return node.span;
}
