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
const EMPTY: Node = { t: 'empty' };

export function parse(source: string): Node {
  return new Parser(source).parse();
}

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

class Parser {
  private pos = 0;
  private depth = 0;
  private flags: Flags = { i: false, m: false, s: false };
  private readonly names = new Set<string>();

  constructor(private readonly src: string) {}

  private fail(message: string, position: number): never {
    throw new PatternSyntaxError(`${message} (at position ${position})`, position, this.src);
  }

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) this.fail("unexpected ')': no group to close", this.pos);
    return node;
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '|' || c === ')') break;
      const start = this.pos;
      const atom = this.atom();
      if (atom === null) continue; // a flag group such as (?i): nothing to repeat
      items.push(this.quantifiers(atom, start));
    }
    if (items.length === 0) return EMPTY;
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  /** Reads {m}, {m,} or {m,n} at pos without consuming; null when it is not a repetition (a literal '{'). */
  private countedRepeat(at: number): { min: number; max: number; end: number } | null {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(at, at + 24));
    if (!m) return null;
    const num = (s: string): number => (s.length > 6 ? 1e7 : Number(s));
    const min = num(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : num(m[3]);
    return { min, max, end: at + m[0].length };
  }

  private quantifiers(atom: Node, atomStart: number): Node {
    let node = atom;
    let previous: { pos: number; lazy: boolean } | null = null;
    for (;;) {
      const opPos = this.pos;
      const c = this.src[opPos];
      let min: number;
      let max: number;
      let end: number;
      if (c === '*' || c === '+' || c === '?') {
        min = c === '+' ? 1 : 0;
        max = c === '?' ? 1 : -1;
        end = opPos + 1;
      } else if (c === '{') {
        const r = this.countedRepeat(opPos);
        if (!r) break;
        ({ min, max, end } = r);
      } else break;
      if (previous) {
        const text = this.src.slice(previous.pos, end);
        if (c === '+' && !previous.lazy) this.fail(`possessive quantifiers are not supported: ${text}`, opPos);
        this.fail(`bad repetition operator: ${text}`, opPos);
      }
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
        this.fail(`invalid repetition size ${this.src.slice(opPos, end)} (counts must be at most ${MAX_REPEAT}, and n >= m)`, opPos);
      }
      this.pos = end;
      let lazy = false;
      if (this.src[this.pos] === '?') {
        this.pos++;
        lazy = true; // laziness does not change whether there is a match
      }
      node = { t: 'rep', min, max, sub: node };
      if ((min >= 2 || max >= 2) && repeatBudget(node, MAX_REPEAT) === 0) {
        this.fail(`invalid repetition size ${this.src.slice(opPos, end)}: nested counted repetitions multiply to more than ${MAX_REPEAT}`, opPos);
      }
      previous = { pos: opPos, lazy };
    }
    void atomStart;
    return node;
  }

  /** One atom; null for a flag-setting group like (?i) that matches nothing itself. */
  private atom(): Node | null {
    const start = this.pos;
    const c = this.src[start];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.bracket();
      case '.':
        this.pos++;
        return { t: 'set', ranges: this.flags.s ? [0, MAX_CODE_POINT] : [0, 9, 11, MAX_CODE_POINT] };
      case '^':
        this.pos++;
        return { t: 'assert', kind: this.flags.m ? BEGIN_LINE : BEGIN_TEXT };
      case '$':
        this.pos++;
        return { t: 'assert', kind: this.flags.m ? END_LINE : END_TEXT };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        this.fail(`missing argument to repetition operator: ${c}`, start);
      // falls through (fail never returns)
      case '{': {
        const r = this.countedRepeat(start);
        if (r) this.fail(`missing argument to repetition operator: ${this.src.slice(start, r.end)}`, start);
        break;
      }
    }
    const cp = this.src.codePointAt(start)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return this.literal(cp);
  }

  private literal(cp: number): Node {
    return { t: 'set', ranges: this.flags.i ? foldClosure([cp, cp]) : [cp, cp] };
  }

  /** A class (\d, [:alpha:], ...) as a set, folded under (?i) the way RE2 does it. */
  private classSet(ranges: Ranges, negated: boolean): Ranges {
    const r = this.flags.i ? foldClosure(ranges) : ranges;
    return negated ? negate(r) : r.slice();
  }

  private group(): Node | null {
    const open = this.pos;
    const src = this.src;
    this.pos++;
    let flags = this.flags;
    if (src[this.pos] === '?') {
      const rest = src.slice(this.pos + 1, this.pos + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) this.fail(`lookahead ${src.slice(open, open + 3)} is not supported`, open);
      if (rest.startsWith('<=') || rest.startsWith('<!')) this.fail(`lookbehind ${src.slice(open, open + 4)} is not supported`, open);
      if (rest.startsWith('P=') || rest.startsWith('P>')) this.fail(`named backreferences ${src.slice(open, open + 4)} are not supported`, open);
      if (rest.startsWith('>')) this.fail('atomic groups (?>...) are not supported', open);
      if (rest.startsWith('#')) this.fail('comments (?#...) are not supported', open);
      if (rest.startsWith('P<') || rest.startsWith('<')) {
        const nameStart = this.pos + (rest.startsWith('P') ? 3 : 2);
        const close = src.indexOf('>', nameStart);
        const name = close < 0 ? '' : src.slice(nameStart, close);
        if (!/^\w+$/.test(name)) this.fail(`invalid named capture group ${src.slice(open, close < 0 ? nameStart : close + 1)}`, open);
        if (this.names.has(name)) this.fail(`duplicate capture group name '${name}'`, open);
        this.names.add(name);
        this.pos = close + 1;
      } else {
        this.pos++;
        let on = true;
        let sawMinus = false;
        let sawFlagAfterMinus = false;
        const f = { ...this.flags };
        for (;;) {
          const ch = src[this.pos];
          if (ch === undefined) this.fail('missing closing )', open);
          if (ch === ')' || ch === ':') {
            if (sawMinus && !sawFlagAfterMinus) this.fail(`invalid flag group ${src.slice(open, this.pos + 1)}: '-' must be followed by a flag`, open);
            break;
          }
          if (ch === '-') {
            if (sawMinus) this.fail(`invalid flag group: repeated '-'`, this.pos);
            sawMinus = true;
            on = false;
          } else if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U') {
            if (ch !== 'U') f[ch] = on; // U (ungreedy) changes no boolean result
            if (sawMinus) sawFlagAfterMinus = true;
          } else {
            const what = ch === ')' ? '' : ch;
            this.fail(`unsupported group syntax or flag '${what}' in ${src.slice(open, this.pos + 1)} (supported flags: i, m, s, U)`, this.pos);
          }
          this.pos++;
        }
        if (src[this.pos] === ')') {
          this.pos++;
          this.flags = f; // (?i) applies to the rest of the enclosing group
          return null;
        }
        this.pos++; // ':'
        flags = f;
      }
    }
    if (++this.depth > MAX_NESTING) this.fail(`groups nested more than ${MAX_NESTING} deep`, open);
    const saved = this.flags;
    this.flags = flags;
    const node = this.alternation();
    this.flags = saved;
    this.depth--;
    if (src[this.pos] !== ')') this.fail("missing closing ')' for the group opened here", open);
    this.pos++;
    return node;
  }

  /** Parses a backslash escape outside brackets. */
  private escape(): Node {
    const at = this.pos;
    const src = this.src;
    const c = src[at + 1];
    if (c === undefined) this.fail('trailing backslash at end of pattern', at);
    switch (c) {
      case 'd':
      case 's':
      case 'w':
      case 'D':
      case 'S':
      case 'W':
        this.pos += 2;
        return { t: 'set', ranges: this.classSet(PERL_CLASSES[c.toLowerCase()], c !== c.toLowerCase()) };
      case 'b':
        this.pos += 2;
        return { t: 'assert', kind: WORD_BOUNDARY };
      case 'B':
        this.pos += 2;
        return { t: 'assert', kind: NOT_WORD_BOUNDARY };
      case 'A':
        this.pos += 2;
        return { t: 'assert', kind: BEGIN_TEXT };
      case 'z':
        this.pos += 2;
        return { t: 'assert', kind: END_TEXT };
      case 'Q': {
        const end = src.indexOf('\\E', at + 2);
        const text = src.slice(at + 2, end < 0 ? src.length : end);
        this.pos = end < 0 ? src.length : end + 2;
        const items: Node[] = [];
        for (const ch of text) items.push(this.literal(ch.codePointAt(0)!));
        return items.length === 0 ? EMPTY : items.length === 1 ? items[0] : { t: 'cat', items };
      }
    }
    return this.literal(this.escapedChar(false));
  }

  /** A backslash escape that stands for one code point (also used inside brackets). */
  private escapedChar(inClass: boolean): number {
    const at = this.pos;
    const src = this.src;
    const c = src[at + 1];
    if (c === undefined) this.fail('trailing backslash at end of pattern', at);
    const controls: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (c in controls) {
      this.pos += 2;
      return controls[c];
    }
    if (c >= '1' && c <= '9') this.fail(`backreferences (\\${c}) are not supported`, at);
    if (c === '0') {
      let code = 0;
      let p = at + 2;
      for (let n = 0; n < 2 && isOctal(src[p]); n++, p++) code = code * 8 + Number(src[p]);
      this.pos = p;
      return code;
    }
    if (c === 'x') {
      if (src[at + 2] === '{') {
        const close = src.indexOf('}', at + 3);
        const digits = close < 0 ? '' : src.slice(at + 3, close);
        if (!/^[0-9a-fA-F]{1,8}$/.test(digits) || parseInt(digits, 16) > MAX_CODE_POINT) {
          this.fail(`invalid escape sequence ${src.slice(at, close < 0 ? at + 3 : close + 1)}`, at);
        }
        this.pos = close + 1;
        return parseInt(digits, 16);
      }
      if (!isHex(src[at + 2]) || !isHex(src[at + 3])) this.fail(`invalid escape sequence ${src.slice(at, at + 4)}: \\x needs two hex digits or \\x{...}`, at);
      this.pos = at + 4;
      return parseInt(src.slice(at + 2, at + 4), 16);
    }
    if (c === 'k' || c === 'g') this.fail(`backreferences (\\${c}) are not supported`, at);
    if (c === 'p' || c === 'P') this.fail(`Unicode character classes (\\${c}) are not supported`, at);
    if (c === 'Z') this.fail('\\Z is not supported: use \\z or $', at);
    if (c === 'u') this.fail('\\u escapes are not supported: use \\x{HHHH}', at);
    if (inClass && c.length === 1 && 'dswDSWbBAzQ'.includes(c)) this.fail(`\\${c} is not allowed here`, at);
    const cp = src.codePointAt(at + 1)!;
    if (cp < 0x80 && !isAlnum(c)) {
      this.pos += 2;
      return cp;
    }
    this.fail(`invalid escape sequence \\${String.fromCodePoint(cp)}`, at);
  }

  /** One code point inside brackets, literal or escaped. */
  private classChar(): number {
    if (this.src[this.pos] === '\\') return this.escapedChar(true);
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private bracket(): Node {
    const open = this.pos;
    const src = this.src;
    this.pos++;
    const negated = src[this.pos] === '^';
    if (negated) this.pos++;
    const acc: number[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= src.length) this.fail("missing closing ']' for the character class opened here", open);
      const c = src[this.pos];
      if (c === ']' && !first) {
        this.pos++;
        break;
      }
      first = false;
      if (c === '[' && src[this.pos + 1] === ':') {
        const close = src.indexOf(':]', this.pos + 2);
        let name = close < 0 ? '' : src.slice(this.pos + 2, close);
        const neg = name.startsWith('^');
        if (neg) name = name.slice(1);
        if (close >= 0 && Object.hasOwn(POSIX_CLASSES, name)) {
          acc.push(...this.classSet(POSIX_CLASSES[name], neg));
          this.pos = close + 2;
          continue;
        }
        if (close >= 0 && /^\^?\w+$/.test(src.slice(this.pos + 2, close))) {
          this.fail(`unknown POSIX class ${src.slice(this.pos, close + 2)}`, this.pos);
        }
        // otherwise a literal '['
      }
      const k = src[this.pos + 1];
      if (c === '\\' && k !== undefined && 'dswDSW'.includes(k)) {
        acc.push(...this.classSet(PERL_CLASSES[k.toLowerCase()], k !== k.toLowerCase()));
        this.pos += 2;
        continue;
      }
      const rangeStart = this.pos;
      const lo = this.classChar();
      let hi = lo;
      if (src[this.pos] === '-' && this.pos + 1 < src.length && src[this.pos + 1] !== ']') {
        this.pos++;
        if (src[this.pos] === '[' && src[this.pos + 1] === ':') {
          this.fail(`invalid character class range ${src.slice(rangeStart, this.pos + 1)}`, rangeStart);
        }
        hi = this.classChar();
        if (hi < lo) this.fail(`invalid character class range ${src.slice(rangeStart, this.pos)}`, rangeStart);
      }
      acc.push(...(this.flags.i ? foldClosure([lo, hi]) : [lo, hi]));
    }
    const set = normalize(acc);
    return { t: 'set', ranges: negated ? negate(set) : set };
  }
}
