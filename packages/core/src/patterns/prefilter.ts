/**
 * Literal analysis of the syntax tree: strings one of which every match must contain (checked with
 * indexOf before running the automaton), and whether the pattern is nothing but a set of literals.
 */
import type { Node } from './ast.js';

const MAX_STRINGS = 8;
const MAX_SET_CHARS = 4;

interface Info {
  /** Every string the node can match, when that is a small finite set. */
  exact: string[] | null;
  /** One of these occurs in every match of the node. */
  required: string[] | null;
}

function setChars(ranges: readonly number[]): string[] | null {
  const chars: string[] = [];
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i + 1] - ranges[i] + chars.length >= MAX_SET_CHARS) return null;
    for (let c = ranges[i]; c <= ranges[i + 1]; c++) chars.push(String.fromCodePoint(c));
  }
  return chars;
}

function cross(a: string[], b: string[]): string[] | null {
  if (a.length * b.length > MAX_STRINGS) return null;
  const out: string[] = [];
  for (const x of a) for (const y of b) out.push(x + y);
  return [...new Set(out)];
}

/** Higher is more selective: the shortest string counts most, fewer alternatives help. */
function score(set: string[] | null): number {
  if (!set || set.length === 0) return -1;
  return Math.min(...set.map((s) => s.length)) * 16 - set.length;
}

function better(a: string[] | null, b: string[] | null): string[] | null {
  return score(b) > score(a) ? b : a;
}

function info(node: Node): Info {
  switch (node.t) {
    case 'empty':
    case 'assert':
      return { exact: [''], required: null };
    case 'set':
      return { exact: setChars(node.ranges), required: null };
    case 'cat': {
      let exact: string[] | null = [''];
      let run: string[] | null = [''];
      let required: string[] | null = null;
      for (const item of node.items) {
        const i = info(item);
        exact = exact && i.exact ? cross(exact, i.exact) : null;
        const joined: string[] | null = run && i.exact ? cross(run, i.exact) : null;
        if (joined) run = joined;
        else {
          required = better(required, run);
          run = i.exact;
        }
        required = better(required, i.required);
      }
      return { exact, required: better(required, run) };
    }
    case 'alt': {
      const parts = node.items.map(info);
      let exact: string[] | null = [];
      let required: string[] | null = [];
      for (const p of parts) {
        exact = exact && p.exact ? [...exact, ...p.exact] : null;
        const r = better(p.exact, p.required);
        required = required && r && score(r) >= 0 ? [...required, ...r] : null;
      }
      if (exact && new Set(exact).size > MAX_STRINGS) exact = null;
      if (required && required.length > MAX_STRINGS) required = null;
      return { exact: exact && [...new Set(exact)], required };
    }
    case 'rep': {
      const i = info(node.sub);
      if (node.min === 0) return { exact: node.max === 0 ? [''] : null, required: null };
      const exact = node.min === 1 && node.max === 1 ? i.exact : null;
      return { exact, required: better(i.exact, i.required) };
    }
  }
}

export interface Literals {
  /** Text must contain one of these, or there is no match; null when nothing useful is known. */
  readonly required: readonly string[] | null;
  /** When set, the pattern matches exactly when the text contains one of these strings. */
  readonly exact: readonly string[] | null;
}

function hasAssertion(node: Node): boolean {
  switch (node.t) {
    case 'assert':
      return true;
    case 'cat':
    case 'alt':
      return node.items.some(hasAssertion);
    case 'rep':
      return hasAssertion(node.sub);
    default:
      return false;
  }
}

export function literals(node: Node): Literals {
  const i = info(node);
  const exact = i.exact && !hasAssertion(node) && !i.exact.includes('') ? i.exact : null;
  const best = better(i.exact, i.required);
  const required = best && !best.includes('') ? best : null;
  return { exact, required };
}
