/**
 * Turns edits addressed by JSON pointer into text edits on the source, in the source's own style: a
 * block mapping gets lines at its indentation and line break, a flow mapping or JSON gets `"key": value`
 * and commas. The value the rest of the document decodes to is left exactly as it was.
 */
import { indentationAt, lineEndOf, lineStartOf, newlineOf, nextLineStartOf, withQuotes, type TextEdit } from '../text/text-edits.js';
import { pointerSegments } from '../util/json-pointer.js';
import type { SourceNode } from './source-node.js';

export type EditValue = string | number | boolean | null | { readonly [key: string]: EditValue };

/** One change to a document, after JSON Patch's operations (RFC 6902). */
export type PointerEdit =
  /** Sets a scalar that is there to a new scalar. */
  | { op: 'replace'; path: string; value: EditValue }
  /** Removes a key whose value is a scalar, or a scalar item of a list. */
  | { op: 'remove'; path: string }
  /** Adds a key that is not there to a mapping that is. */
  | { op: 'add'; path: string; value: EditValue };

/**
 * The text edits for `edits`, or undefined when one cannot be placed: its node is missing, sits behind
 * an alias or merge (editing the anchor would change every place that uses it), or is written in a way
 * an edit cannot keep valid.
 */
export function pointerEditsToText(text: string, root: SourceNode, edits: readonly PointerEdit[]): TextEdit[] | undefined {
  const result: TextEdit[] = [];
  for (const edit of edits) {
    const textEdit = edit.op === 'replace' ? replace(text, root, edit.path, edit.value) : edit.op === 'remove' ? remove(text, root, edit.path) : add(text, root, edit.path, edit.value);
    if (!textEdit) return undefined;
    result.push(textEdit);
  }
  const sorted = [...result].sort((a, b) => a.start - b.start);
  return sorted.every((edit, index) => index === 0 || sorted[index - 1].end <= edit.start) ? result : undefined;
}

function replace(text: string, root: SourceNode, path: string, value: EditValue): TextEdit | undefined {
  const node = editableNode(root, path)?.node;
  if (!node || node.children || typeof value === 'object') return undefined;
  const span = withQuotes(text, node.span);
  // A multi-line scalar's lines carry its indentation; one line of the new value would not fit them.
  if (/[\r\n]/.test(text.slice(span.start, span.end))) return undefined;
  return { ...span, newText: scalarText(value) };
}

function remove(text: string, root: SourceNode, path: string): TextEdit | undefined {
  const found = editableNode(root, path);
  if (!found || found.node.children || !found.parent) return undefined;
  const { node, parent } = found;
  const value = withQuotes(text, node.span);
  const start = node.keySpan ? withQuotes(text, node.keySpan).start : value.start;
  if (isFlow(text, parent)) {
    // Take the entry and one neighbouring comma.
    const after = /^\s*,\s*/.exec(text.slice(value.end));
    if (after) return { start, end: value.end + after[0].length, newText: '' };
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) return { start: start - before[0].length, end: value.end, newText: '' };
    return { start, end: value.end, newText: '' };
  }
  // Block style: the entry must have its line to itself (`key: value` or `- value`, then at most a comment).
  const lineStart = lineStartOf(text, start);
  const lead = Array.isArray(parent.children) ? /^[ \t]*-[ \t]+$/ : /^[ \t]*$/;
  const ownLine = lead.test(text.slice(lineStart, start)) && /^[ \t]*(#.*)?$/.test(text.slice(value.end, lineEndOf(text, value.end)));
  return ownLine ? { start: lineStart, end: nextLineStartOf(text, value.end), newText: '' } : undefined;
}

function add(text: string, root: SourceNode, path: string, value: EditValue): TextEdit | undefined {
  const segments = pointerSegments(path);
  if (segments.length === 0) return undefined;
  const key = segments[segments.length - 1];
  const parentPath = path.slice(0, path.lastIndexOf('/'));
  const mapping = parentPath === '' ? root : editableNode(root, parentPath)?.node;
  if (!mapping || mapping.alias || !(mapping.children instanceof Map) || mapping.children.has(key)) return undefined;
  // New keys go first: after `{`, or above the first key, where the indentation is known.
  if (isFlow(text, mapping)) {
    const at = mapping.span.start + 1;
    return { start: at, end: at, newText: `${JSON.stringify(key)}: ${flowText(value)}${mapping.children.size > 0 ? ', ' : ''}` };
  }
  const keys = [...mapping.children.values()].filter((child) => !child.alias && child.keySpan);
  if (keys.length === 0) return undefined;
  const at = Math.min(...keys.map((child) => withQuotes(text, child.keySpan!).start));
  const lineStart = lineStartOf(text, at);
  // The column of the keys, counting a `- ` in front of the first one as indentation.
  const indent = indentationAt(text, lineStart) + ' '.repeat(at - lineStart - indentationAt(text, lineStart).length);
  const newline = newlineOf(text);
  const lines = blockLines(key, value, ' '.repeat(indentStep(text, mapping, at)));
  return { start: at, end: at, newText: lines.join(newline + indent) + newline + indent };
}

/** How far the document indents a nested mapping: from the mapping's own key to its keys, else 2. */
function indentStep(text: string, mapping: SourceNode, firstKey: number): number {
  if (!mapping.keySpan) return 2;
  const keyColumn = mapping.keySpan.start - lineStartOf(text, mapping.keySpan.start);
  const step = firstKey - lineStartOf(text, firstKey) - keyColumn;
  return step > 0 && step <= 8 ? step : 2;
}

function blockLines(key: string, value: EditValue, step: string): string[] {
  if (value === null || typeof value !== 'object') return [`${blockKey(key)}: ${scalarText(value)}`];
  const entries = Object.entries(value);
  if (entries.length === 0) return [`${blockKey(key)}: {}`];
  return [`${blockKey(key)}:`, ...entries.flatMap(([name, inner]) => blockLines(name, inner, step).map((line) => step + line))];
}

/** YAML 1.1 reads `on`, `yes`, `n` and the like as booleans, keys included: such keys are quoted. */
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

function blockKey(key: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(key) && !YAML11_WORDS.has(key.toLowerCase()) ? key : JSON.stringify(key);
}

/** Strings are written as JSON strings, which YAML reads back as the same string (never as `yes` → true). */
function scalarText(value: Exclude<EditValue, object>): string {
  return value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function flowText(value: EditValue): string {
  if (value === null || typeof value !== 'object') return scalarText(value);
  return `{${Object.entries(value).map(([name, inner]) => `${JSON.stringify(name)}: ${flowText(inner)}`).join(', ')}}`;
}

function isFlow(text: string, collection: SourceNode): boolean {
  return text[collection.span.start] === '{' || text[collection.span.start] === '[';
}

/** The node at `pointer` and its parent, or undefined when it is missing or reached through an alias. */
function editableNode(root: SourceNode, pointer: string): { node: SourceNode; parent?: SourceNode } | undefined {
  let node = root;
  let parent: SourceNode | undefined;
  for (const segment of pointerSegments(pointer)) {
    if (node.alias) return undefined;
    const children = node.children;
    const next = Array.isArray(children) ? (/^(0|[1-9][0-9]*)$/.test(segment) ? children[Number(segment)] : undefined) : children?.get(segment);
    if (!next) return undefined;
    parent = node;
    node = next;
  }
  return node.alias ? undefined : { node, parent };
}
