/**
 * Parser for the RE2 syntax subset the linear engine supports. Produces a small tree (ast.ts) with
 * case folding, negation and `.` already resolved to code point sets. Anything a linear-time engine
 * cannot do (backreferences, lookaround, possessive or atomic constructs) is a PatternSyntaxError
 * naming the construct and its 0-based position.
 */
import {
  BEGIN_LINE,
  BEGIN_TEXT,
  END_LINE,
  END_TEXT,
  MAX_CODE_POINT,
  MAX_REPEAT,
  NOT_WORD_BOUNDARY,
  WORD_BOUNDARY,
  type Node,
} from './ast.js';
import { foldClosure, negate, normalize, PERL_CLASSES, POSIX_CLASSES, type Ranges } from './charclass.js';
import { PatternSyntaxError } from './types.js';

interface Flags {
  readonly i: boolean; // case-insensitive
  readonly m: boolean; // ^ and $ match at line breaks
  readonly s: boolean; // . matches \n
}

const MAX_NESTING = 1000;
const ESCAPED_ASSERTIONS: Record<string, number> = { b: WORD_BOUNDARY, B: NOT_WORD_BOUNDARY, A: BEGIN_TEXT, z: END_TEXT };
const EMPTY: Node = { t: 'empty' };

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}
function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}
function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

/** RE2's check on nested counted repetitions: their counts multiplied must stay within MAX_REPEAT. */
function repeatBudget(node: Node, budget: number): number {
  switch (node.t) {
    case 'rep': {
      const m = node.max < 0 ? node.min : node.max;
      const b = m > 0 ? Math.floor(budget / m) : budget;
      return b === 0 ? 0 : repeatBudget(node.sub, b);
    }
    case 'cat':
    case 'alt': {
      let b = budget;
      for (const item of node.items) b = Math.min(b, repeatBudget(item, budget));
      return b;
    }
    default:
      return budget;
  }
}

/** Parses a pattern; the parser's state lives in this closure. */
export function parse(src: string): Node {
  let pos = 0;
  let depth = 0;
  let flags: Flags = { i: false, m: false, s: false };
  const names = new Set<string>();

  function fail(message: string, position: number): never {
    throw new PatternSyntaxError(`${message} (at position ${position})`, position, src);
  }

  function alternation(): Node {
    const items = [concatenation()];
    while (src[pos] === '|') {
      pos++;
      items.push(concatenation());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  function concatenation(): Node {
    const items: Node[] = [];
    while (pos < src.length) {
      const c = src[pos];
      if (c === '|' || c === ')') break;
      const item = atom();
      if (item !== null) items.push(quantifiers(item)); // null: a flag group such as (?i), nothing to repeat
    }
    if (items.length === 0) return EMPTY;
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  /** Reads {m}, {m,} or {m,n} at pos without consuming; null when it is not a repetition (a literal '{'). */
  function countedRepeat(at: number): { min: number; max: number; end: number } | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(at, at + 24));
    if (!m) return null;
    const num = (s: string): number => (s.length > 6 ? 1e7 : Number(s));
    const min = num(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : num(m[3]);
    return { min, max, end: at + m[0].length };
  }

  function quantifiers(item: Node): Node {
    let node = item;
    let previous: { pos: number; lazy: boolean } | null = null;
    for (;;) {
      const opPos = pos;
      const c = src[opPos];
      let min: number;
      let max: number;
      let end: number;
      if (c === '*' || c === '+' || c === '?') {
        min = c === '+' ? 1 : 0;
        max = c === '?' ? 1 : -1;
        end = opPos + 1;
      } else if (c === '{') {
        const r = countedRepeat(opPos);
        if (!r) break;
        ({ min, max, end } = r);
      } else break;
      if (previous) {
        const text = src.slice(previous.pos, end);
        if (c === '+' && !previous.lazy) fail(`possessive quantifiers are not supported: ${text}`, opPos);
        fail(`bad repetition operator: ${text}`, opPos);
      }
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        fail(`invalid repetition size ${src.slice(opPos, end)} (counts must be at most ${MAX_REPEAT}, and n >= m)`, opPos);
      }
      pos = end;
      let lazy = false;
      if (src[pos] === '?') {
        pos++;
        lazy = true; // laziness does not change whether there is a match
      }
      node = { t: 'rep', min, max, sub: node };
      if ((min >= 2 || max >= 2) && repeatBudget(node, MAX_REPEAT) === 0) {
        fail(`invalid repetition size ${src.slice(opPos, end)}: nested counted repetitions multiply to more than ${MAX_REPEAT}`, opPos);
      }
      previous = { pos: opPos, lazy };
    }
    return node;
  }

  /** One atom; null for a flag-setting group like (?i) that matches nothing itself. */
  function atom(): Node | null {
    const start = pos;
    const c = src[start];
    switch (c) {
      case '(':
        return group();
      case '[':
        return bracket();
      case '.':
        pos++;
        return { t: 'set', ranges: flags.s ? [0, MAX_CODE_POINT] : [0, 9, 11, MAX_CODE_POINT] };
      case '^':
        pos++;
        return { t: 'assert', kind: flags.m ? BEGIN_LINE : BEGIN_TEXT };
      case '$':
        pos++;
        return { t: 'assert', kind: flags.m ? END_LINE : END_TEXT };
      case '\\':
        return escape();
      case '*':
      case '+':
      case '?':
        fail(`missing argument to repetition operator: ${c}`, start);
      // falls through (fail never returns)
      case '{': {
        const r = countedRepeat(start);
        if (r) fail(`missing argument to repetition operator: ${src.slice(start, r.end)}`, start);
        break;
      }
    }
    const cp = src.codePointAt(start)!;
    pos += cp > 0xffff ? 2 : 1;
    return literal(cp);
  }

  function literal(cp: number): Node {
    return { t: 'set', ranges: flags.i ? foldClosure([cp, cp]) : [cp, cp] };
  }

  /** A class (\d, [:alpha:], ...) as a set, folded under (?i) the way RE2 does it. */
  function classSet(ranges: Ranges, negated: boolean): Ranges {
    const r = flags.i ? foldClosure(ranges) : ranges;
    return negated ? negate(r) : r.slice();
  }

  function group(): Node | null {
    const open = pos;
    pos++;
    let groupFlags = flags;
    if (src[pos] === '?') {
      const rest = src.slice(pos + 1, pos + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) fail(`lookahead ${src.slice(open, open + 3)} is not supported`, open);
      if (rest.startsWith('<=') || rest.startsWith('<!')) fail(`lookbehind ${src.slice(open, open + 4)} is not supported`, open);
      if (rest.startsWith('P=') || rest.startsWith('P>')) fail(`named backreferences ${src.slice(open, open + 4)} are not supported`, open);
      if (rest.startsWith('>')) fail('atomic groups (?>...) are not supported', open);
      if (rest.startsWith('#')) fail('comments (?#...) are not supported', open);
      if (rest.startsWith('P<') || rest.startsWith('<')) {
        const nameStart = pos + (rest.startsWith('P') ? 3 : 2);
        const close = src.indexOf('>', nameStart);
        const name = close < 0 ? '' : src.slice(nameStart, close);
        if (!/^\w+$/.test(name)) fail(`invalid named capture group ${src.slice(open, close < 0 ? nameStart : close + 1)}`, open);
        if (names.has(name)) fail(`duplicate capture group name '${name}'`, open);
        names.add(name);
        pos = close + 1;
      } else {
        pos++;
        let on = true;
        let sawMinus = false;
        let sawFlagAfterMinus = false;
        const f = { ...flags };
        for (;;) {
          const ch = src[pos];
          if (ch === undefined) fail('missing closing )', open);
          if (ch === ')' || ch === ':') {
            if (sawMinus && !sawFlagAfterMinus) fail(`invalid flag group ${src.slice(open, pos + 1)}: '-' must be followed by a flag`, open);
            break;
          }
          if (ch === '-') {
            if (sawMinus) fail(`invalid flag group: repeated '-'`, pos);
            sawMinus = true;
            on = false;
          } else if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
            if (ch !== 'U') f[ch] = on; // U (ungreedy) changes no boolean result
            if (sawMinus) sawFlagAfterMinus = true;
          } else {
            const what = ch === ')' ? '' : ch;
            fail(`unsupported group syntax or flag '${what}' in ${src.slice(open, pos + 1)} (supported flags: i, m, s, U)`, pos);
          }
          pos++;
        }
        if (src[pos] === ')') {
          pos++;
          flags = f; // (?i) applies to the rest of the enclosing group
          return null;
        }
        pos++; // ':'
        groupFlags = f;
      }
    }
    if (++depth > MAX_NESTING) fail(`groups nested more than ${MAX_NESTING} deep`, open);
    const saved = flags;
    flags = groupFlags;
    const node = alternation();
    flags = saved;
    depth--;
    if (src[pos] !== ')') fail("missing closing ')' for the group opened here", open);
    pos++;
    return node;
  }

  /** Parses a backslash escape outside brackets. */
  function escape(): Node {
    const at = pos;
    const c = src[at + 1];
    if (c === undefined) fail('trailing backslash at end of pattern', at);
    if (Object.hasOwn(PERL_CLASSES, c.toLowerCase())) {
      pos += 2;
      return { t: 'set', ranges: classSet(PERL_CLASSES[c.toLowerCase()], c !== c.toLowerCase()) };
    }
    if (Object.hasOwn(ESCAPED_ASSERTIONS, c)) {
      pos += 2;
      return { t: 'assert', kind: ESCAPED_ASSERTIONS[c] };
    }
    switch (c) {
      case 'Q': {
        const end = src.indexOf('\\E', at + 2);
        const text = src.slice(at + 2, end < 0 ? src.length : end);
        pos = end < 0 ? src.length : end + 2;
        const items: Node[] = [];
        for (const ch of text) items.push(literal(ch.codePointAt(0)!));
        return items.length === 0 ? EMPTY : items.length === 1 ? items[0] : { t: 'cat', items };
      }
    }
    return literal(escapedChar(false));
  }

  /** A backslash escape that stands for one code point (also used inside brackets). */
  function escapedChar(inClass: boolean): number {
    const at = pos;
    const c = src[at + 1];
    if (c === undefined) fail('trailing backslash at end of pattern', at);
    const controls: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (Object.hasOwn(controls, c)) {
      pos += 2;
      return controls[c];
    }
    if (c >= '1' && c <= '9') fail(`backreferences (\\${c}) are not supported`, at);
    if (c === '0') {
      let code = 0;
      let p = at + 2;
      for (let n = 0; n < 2 && isOctal(src[p]); n++, p++) code = code * 8 + Number(src[p]);
      pos = p;
      return code;
    }
    if (c === 'x') {
      if (src[at + 2] === '{') {
        const close = src.indexOf('}', at + 3);
        const digits = close < 0 ? '' : src.slice(at + 3, close);
        if (!/^[0-9a-fA-F]{1,8}$/.test(digits) || parseInt(digits, 16) > MAX_CODE_POINT) {
          fail(`invalid escape sequence ${src.slice(at, close < 0 ? at + 3 : close + 1)}`, at);
        }
        pos = close + 1;
        return parseInt(digits, 16);
      }
      if (!isHex(src[at + 2]) || !isHex(src[at + 3])) fail(`invalid escape sequence ${src.slice(at, at + 4)}: \\x needs two hex digits or \\x{...}`, at);
      pos = at + 4;
      return parseInt(src.slice(at + 2, at + 4), 16);
    }
    if (c === 'k' || c === 'g') fail(`backreferences (\\${c}) are not supported`, at);
    if (c === 'p' || c === 'P') fail(`Unicode character classes (\\${c}) are not supported`, at);
    if (c === 'Z') fail('\\Z is not supported: use \\z or $', at);
    if (c === 'u') fail('\\u escapes are not supported: use \\x{HHHH}', at);
    if (inClass && c.length === 1 && 'dswDSWbBAzQ'.includes(c)) fail(`\\${c} is not allowed here`, at);
    const cp = src.codePointAt(at + 1)!;
    if (cp < 0x80 && !isAlnum(c)) {
      pos += 2;
      return cp;
    }
    fail(`invalid escape sequence \\${String.fromCodePoint(cp)}`, at);
  }

  /** One code point inside brackets, literal or escaped. */
  function classChar(): number {
    if (src[pos] === '\\') return escapedChar(true);
    const cp = src.codePointAt(pos)!;
    pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  function bracket(): Node {
    const open = pos;
    pos++;
    const negated = src[pos] === '^';
    if (negated) pos++;
    const acc: number[] = [];
    let first = true;
    for (;;) {
      if (pos >= src.length) fail("missing closing ']' for the character class opened here", open);
      const c = src[pos];
      if (c === ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (c === '[' && src[pos + 1] === ':') {
        const close = src.indexOf(':]', pos + 2);
        let name = close < 0 ? '' : src.slice(pos + 2, close);
        const neg = name.startsWith('^');
        if (neg) name = name.slice(1);
        if (close >= 0 && Object.hasOwn(POSIX_CLASSES, name)) {
          acc.push(...classSet(POSIX_CLASSES[name], neg));
          pos = close + 2;
          continue;
        }
        if (close >= 0 && /^\^?\w+$/.test(src.slice(pos + 2, close))) {
          fail(`unknown POSIX class ${src.slice(pos, close + 2)}`, pos);
        }
        // otherwise a literal '['
      }
      const k = src[pos + 1];
      if (c === '\\' && k !== undefined && 'dswDSW'.includes(k)) {
        acc.push(...classSet(PERL_CLASSES[k.toLowerCase()], k !== k.toLowerCase()));
        pos += 2;
        continue;
      }
      const rangeStart = pos;
      const lo = classChar();
      let hi = lo;
      if (src[pos] === '-' && pos + 1 < src.length && src[pos + 1] !== ']') {
        pos++;
        if (src[pos] === '[' && src[pos + 1] === ':') {
          fail(`invalid character class range ${src.slice(rangeStart, pos + 1)}`, rangeStart);
        }
        hi = classChar();
        if (hi < lo) fail(`invalid character class range ${src.slice(rangeStart, pos)}`, rangeStart);
      }
      acc.push(...(flags.i ? foldClosure([lo, hi]) : [lo, hi]));
    }
    const set = normalize(acc);
    return { t: 'set', ranges: negated ? negate(set) : set };
  }

  const node = alternation();
  if (pos < src.length) fail("unexpected ')': no group to close", pos);
  return node;
}
