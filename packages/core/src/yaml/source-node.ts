import type { Span } from '../model.js';

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

/** Splits a JSON pointer (RFC 6901) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  const segments = pointer.slice(1).split('/');
  // Escapes are rare; skipping the two replaces per segment matters on the per-finding hot path.
  return pointer.includes('~') ? segments.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~')) : segments;
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let pointer = base;
  for (const segment of segments) {
    const text = String(segment);
    pointer += '/' + (text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text);
  }
  return pointer;
}

/** The deepest node on the way to `pointer` (the node itself when it exists), stopping at an alias. */
export function locate(root: SourceNode, pointer: string): SourceNode {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (node.alias) break;
    const children = node.children;
    const next = Array.isArray(children) ? children[Number(segment)] : children?.get(segment);
    if (!next) break;
    node = next;
  }
  return node;
}

/** The span a finding points at: a scalar's value, or a collection with its key. */
export function findingSpan(node: SourceNode): Span {
  if (node.children && node.keySpan) return { start: node.keySpan.start, end: node.span.end };
  return node.span;
}
