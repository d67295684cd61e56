/**
 * A stream of JSON values as kubectl reads a file that starts with `{`: Go's encoding/json decoder,
 * one value after another (`{…}{…}` is two objects), with positions for every node.
 * Go's rules, not JSON.parse's: a lone surrogate escape becomes U+FFFD, raw control characters in a
 * string are refused, a number too large for a double is refused, nesting stops at 10,000 levels,
 * and a duplicate key keeps its last value. Iterative, so hostile nesting cannot exhaust the stack.
 */
import type { Span } from '../model.js';
import type { SourceNode } from './source-node.js';
import { defineKey } from './define-key.js';

/** encoding/json's own nesting limit. */
export const JSON_MAX_DEPTH = 10_000;

export interface JsonValue {
  value: unknown;
  node: SourceNode;
  span: Span;
}

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

interface Container {
  value: Record<string, unknown> | unknown[];
  node: SourceNode;
  key: { name: string; span: Span } | null;
  /** A value or key is expected next (after `{`, `[`, `,` or `:`). */
  expectingValue: boolean;
  isObject: boolean;
}

/** Reads the values of `text` from `start`; yields each, throws JsonSyntaxError where Go stops. */
export function* jsonValues(text: string, start = 0): Generator<JsonValue> {
  let at = skipSpace(text, start);
  while (at < text.length) {
    const { value, node, end } = readValue(text, at);
    yield { value, node, span: { start: at, end } };
    at = skipSpace(text, end);
  }
}

function skipSpace(text: string, at: number): number {
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break;
    at++;
  }
  return at;
}

function describe(text: string, at: number): string {
  if (at >= text.length) return 'unexpected end of JSON input';
  const char = text[at];
  const shown = char === '\t' ? '\\t' : char === '\n' ? '\\n' : char === '\r' ? '\\r' : char;
  return `invalid character '${shown}'`;
}

function readValue(text: string, from: number): { value: unknown; node: SourceNode; end: number } {
  const stack: Container[] = [];
  let at = from;
  let result: { value: unknown; node: SourceNode } | undefined;

  const attach = (value: unknown, node: SourceNode): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      result = { value, node };
      return;
    }
    if (parent.isObject) {
      const key = parent.key!;
      node.keySpan = key.span;
      defineKey(parent.value as Record<string, unknown>, key.name, value);
      (parent.node.children as Map<string, SourceNode>).set(key.name, node);
      parent.key = null;
    } else {
      (parent.value as unknown[]).push(value);
      (parent.node.children as SourceNode[]).push(node);
    }
    parent.expectingValue = false;
  };

  for (;;) {
    at = skipSpace(text, at);
    const parent = stack[stack.length - 1];
    if (parent && !parent.expectingValue) {
      // After a member: `,` or the closing bracket.
      const closer = parent.isObject ? '}' : ']';
      if (text[at] === closer) {
        stack.pop();
        parent.node.span.end = at + 1;
        at++;
        if (stack.length === 0) return { ...result!, end: at };
        stack[stack.length - 1].expectingValue = false;
        continue;
      }
      if (text[at] !== ',') throw new JsonSyntaxError(`${describe(text, at)} after ${parent.isObject ? 'object key:value pair' : 'array element'}`, at);
      at = skipSpace(text, at + 1);
      parent.expectingValue = true;
      if (parent.isObject) at = readKey(text, at, parent);
      continue;
    }
    const char = text[at];
    if (char === '{' || char === '[') {
      if (stack.length >= JSON_MAX_DEPTH) throw new JsonSyntaxError(`invalid character '${char}' exceeded max depth`, at);
      const isObject = char === '{';
      const node: SourceNode = { span: { start: at, end: at + 1 }, children: isObject ? new Map() : [] };
      const value = isObject ? {} : [];
      attach(value, node);
      const container: Container = { value, node, key: null, expectingValue: true, isObject };
      stack.push(container);
      at = skipSpace(text, at + 1);
      const closer = isObject ? '}' : ']';
      if (text[at] === closer) {
        container.expectingValue = false;
        continue;
      }
      if (isObject) at = readKey(text, at, container);
      continue;
    }
    const scalar = readScalar(text, at);
    attach(scalar.value, { span: scalar.span });
    at = scalar.end;
    if (stack.length === 0) return { ...result!, end: at };
  }
}

function readKey(text: string, at: number, container: Container): number {
  if (text[at] !== '"') throw new JsonSyntaxError(`${describe(text, at)} looking for beginning of object key string`, at);
  const key = readString(text, at);
  let next = skipSpace(text, key.end);
  if (text[next] !== ':') throw new JsonSyntaxError(`${describe(text, next)} after object key`, next);
  next++;
  container.key = { name: key.value, span: key.span };
  return next;
}

function readScalar(text: string, at: number): { value: unknown; span: Span; end: number } {
  const char = text[at];
  if (char === '"') {
    const string = readString(text, at);
    return { value: string.value, span: string.span, end: string.end };
  }
  for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
    if (text.startsWith(word, at)) return { value, span: { start: at, end: at + word.length }, end: at + word.length };
  }
  const number = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
  number.lastIndex = at;
  const match = number.exec(text);
  if (match && match[0] !== '-' && match[0].length > 0) {
    const written = match[0];
    const value = Number(written);
    if (!Number.isFinite(value)) throw new JsonSyntaxError(`cannot unmarshal number ${written} into a float64`, at);
    return { value, span: { start: at, end: at + written.length }, end: at + written.length };
  }
  throw new JsonSyntaxError(`${describe(text, at)} looking for beginning of value`, at);
}

function readString(text: string, at: number): { value: string; span: Span; end: number } {
  let out = '';
  let runStart = at + 1;
  let i = at + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      out += text.slice(runStart, i);
      return { value: out, span: { start: at + 1, end: i }, end: i + 1 };
    }
    if (code < 0x20) throw new JsonSyntaxError(`${describe(text, i)} in string literal`, i);
    if (code === 92) {
      out += text.slice(runStart, i);
      const letter = text[i + 1];
      const simple = JSON_ESCAPES[letter as keyof typeof JSON_ESCAPES];
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (letter === 'u') {
        const first = hex4(text, i + 2);
        i += 6;
        if (first >= 0xd800 && first <= 0xdbff && text[i] === '\\' && text[i + 1] === 'u') {
          const second = hex4(text, i + 2);
          if (second >= 0xdc00 && second <= 0xdfff) {
            out += String.fromCharCode(first, second);
            i += 6;
          } else out += '\ufffd';
        } else out += first >= 0xd800 && first <= 0xdfff ? '\ufffd' : String.fromCharCode(first);
      } else throw new JsonSyntaxError(`${describe(text, i + 1)} in string escape code`, i + 1);
      runStart = i;
      continue;
    }
    i++;
  }
  throw new JsonSyntaxError('unexpected end of JSON input', text.length);
}

const JSON_ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as const;

function hex4(text: string, at: number): number {
  const digits = text.slice(at, at + 4);
  if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw new JsonSyntaxError(`${describe(text, at)} in \\u hexadecimal character escape`, at);
  return parseInt(digits, 16);
}
