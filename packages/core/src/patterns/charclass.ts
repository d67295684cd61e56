/** Code point sets as flat, sorted, merged [lo, hi, lo, hi, ...] arrays. */
import { MAX_CODE_POINT } from './ast.js';
import { addFoldedRange } from './casefold.js';

export type Ranges = number[];

export function normalize(pairs: readonly number[]): Ranges {
  const idx: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) idx.push(i);
  idx.sort((x, y) => pairs[x] - pairs[y]);
  const out: Ranges = [];
  for (const i of idx) {
    const lo = pairs[i];
    const hi = pairs[i + 1];
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) {
      if (hi > out[n - 1]) out[n - 1] = hi;
    } else out.push(lo, hi);
  }
  return out;
}

export function negate(r: readonly number[]): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i] > next) out.push(next, r[i] - 1);
    next = r[i + 1] + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/** The set plus every case variant of its members (normalized). */
export function foldClosure(r: readonly number[]): Ranges {
  const out = r.slice();
  for (let i = 0; i < r.length; i += 2) addFoldedRange(r[i], r[i + 1], out);
  return normalize(out);
}

export function contains(r: readonly number[], c: number): boolean {
  let a = 0;
  let b = r.length >> 1;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (r[2 * mid + 1] < c) a = mid + 1;
    else b = mid;
  }
  return a < r.length >> 1 && r[2 * a] <= c;
}

const cp = (s: string): number => s.codePointAt(0)!;
const span = (s: string): number[] => [cp(s[0]), cp(s[2])];

/** Perl classes as RE2 defines them (ASCII only). */
export const PERL_CLASSES: Readonly<Record<string, Ranges>> = {
  d: span('0-9'),
  s: [9, 10, 12, 13, 32, 32],
  w: [...span('0-9'), ...span('A-Z'), 95, 95, ...span('a-z')],
};

/** POSIX classes allowed inside brackets, [[:alpha:]], as RE2 defines them. */
export const POSIX_CLASSES: Readonly<Record<string, Ranges>> = {
  alnum: [...span('0-9'), ...span('A-Z'), ...span('a-z')],
  alpha: [...span('A-Z'), ...span('a-z')],
  ascii: [0, 0x7f],
  blank: [9, 9, 32, 32],
  cntrl: [0, 0x1f, 0x7f, 0x7f],
  digit: span('0-9'),
  graph: span('!-~'),
  lower: span('a-z'),
  print: span(' -~'),
  punct: [...span('!-/'), ...span(':-@'), ...span('[-`'), ...span('{-~')],
  space: [9, 13, 32, 32],
  upper: span('A-Z'),
  word: [...span('0-9'), ...span('A-Z'), 95, 95, ...span('a-z')],
  xdigit: [...span('0-9'), ...span('A-F'), ...span('a-f')],
};

export function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
