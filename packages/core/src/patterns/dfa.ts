/**
 * Lazy DFA over the NFA program: each DFA state is a set of NFA instructions (plus what the previous
 * character was, for ^ $ \b), built on first use and cached with its transitions. Every input
 * character costs one table lookup, or one subset construction (bounded by the program size) the
 * first time a (state, character class) pair is seen: matching is linear in the text whatever the
 * pattern. The cache is bounded and simply flushed when full.
 */
import { BEGIN_LINE, BEGIN_TEXT, END_LINE, END_TEXT, NOT_WORD_BOUNDARY, WORD_BOUNDARY } from './ast.js';
import { contains, isWordChar } from './charclass.js';
import { OP_ASSERT, OP_JMP, OP_MATCH, OP_SET, OP_SPLIT, type Program } from './compiler.js';

const UNKNOWN = -1;
const MATCH = -2;
const DEAD = -3;

/** What the previous character was; only the distinctions the program's assertions need. */
const PREV_START = 0;
const PREV_NEWLINE = 1;
const PREV_WORD = 2;
const PREV_OTHER = 3;
const AT_END = -1;

const MAX_STATES = 4096;
const MAX_TABLE = 1 << 21; // transition entries (8 MB)

export class LazyDfa {
  private readonly prog: Program;
  /** Input alphabet: code points split into segments that no SET or assertion tells apart. */
  private readonly bounds: Int32Array;
  private readonly ascii = new Uint16Array(128);
  private readonly segWord: Uint8Array;
  private readonly segNewline: Uint8Array;
  private readonly nc: number;
  private readonly trackWord: boolean;
  private readonly trackLine: boolean;
  private readonly membership = new Map<readonly number[], Uint8Array>();

  private readonly mark: Uint32Array;
  private generation = 0;
  private readonly stack: number[] = [];

  private states: Int32Array[] = [];
  private prevOf: number[] = [];
  private ids = new Map<string, number>();
  private trans: Int32Array;
  private endMatch: Int8Array;
  private initial = UNKNOWN;
  private readonly initialSet: Int32Array;
  private readonly initialPrev: number;
  /** The empty string matches at the start without any condition. */
  readonly alwaysMatches: boolean;

  constructor(prog: Program) {
    this.prog = prog;
    const k = prog.assertKinds;
    this.trackWord = (k & (WORD_BOUNDARY | NOT_WORD_BOUNDARY)) !== 0;
    this.trackLine = (k & (BEGIN_LINE | END_LINE)) !== 0;
    const cuts = new Set<number>([0]);
    for (const set of prog.sets) {
      if (!set) continue;
      for (let i = 0; i < set.length; i += 2) cuts.add(set[i]).add(set[i + 1] + 1);
    }
    if (this.trackLine) cuts.add(10).add(11);
    if (this.trackWord) for (const c of [48, 58, 65, 91, 95, 96, 97, 123]) cuts.add(c);
    cuts.delete(0x110000);
    this.bounds = Int32Array.from([...cuts].sort((a, b) => a - b));
    this.nc = this.bounds.length;
    this.segWord = new Uint8Array(this.nc);
    this.segNewline = new Uint8Array(this.nc);
    for (let s = 0; s < this.nc; s++) {
      this.segWord[s] = isWordChar(this.bounds[s]) ? 1 : 0;
      this.segNewline[s] = this.bounds[s] === 10 && (this.bounds[s + 1] ?? 0) === 11 ? 1 : 0;
    }
    for (let c = 0; c < 128; c++) this.ascii[c] = this.segmentOf(c);
    this.mark = new Uint32Array(prog.op.length);
    this.trans = new Int32Array(Math.min(MAX_TABLE, 64 * this.nc)).fill(UNKNOWN);
    this.endMatch = new Int8Array(64);
    const start = this.closure([0], -1);
    this.alwaysMatches = start.some((pc) => prog.op[pc] === OP_MATCH);
    this.initialSet = Int32Array.from(start.sort((a, b) => a - b));
    this.initialPrev = this.trackWord || this.trackLine || k !== 0 ? PREV_START : PREV_OTHER;
  }

  private segmentOf(c: number): number {
    const b = this.bounds;
    let lo = 0;
    let hi = b.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (b[mid] <= c) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Instructions reachable through epsilon edges. flags < 0: keep assertions pending; else evaluate them. */
  private closure(seeds: ArrayLike<number>, flags: number): number[] {
    const { op, out, out1, arg } = this.prog;
    const mark = this.mark;
    const gen = ++this.generation;
    if (gen === 0xffffffff) {
      mark.fill(0);
      this.generation = 1;
    }
    const g = this.generation;
    const stack = this.stack;
    const result: number[] = [];
    for (let i = seeds.length - 1; i >= 0; i--) stack.push(seeds[i]);
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (mark[pc] === g) continue;
      mark[pc] = g;
      switch (op[pc]) {
        case OP_SET:
        case OP_MATCH:
          result.push(pc);
          break;
        case OP_JMP:
          stack.push(out[pc]);
          break;
        case OP_SPLIT:
          stack.push(out1[pc], out[pc]);
          break;
        case OP_ASSERT:
          if (flags < 0) result.push(pc);
          else if ((flags & arg[pc]) !== 0) stack.push(out[pc]);
          break;
        // OP_FAIL: nothing
      }
    }
    return result;
  }

  /** Which assertions hold between a character of type `prev` and segment `seg` (AT_END at the end). */
  private context(prev: number, seg: number): number {
    let f = 0;
    if (prev === PREV_START) f |= BEGIN_TEXT | BEGIN_LINE;
    else if (prev === PREV_NEWLINE) f |= BEGIN_LINE;
    if (seg === AT_END) f |= END_TEXT | END_LINE;
    else if (this.segNewline[seg] === 1) f |= END_LINE;
    const wordBefore = prev === PREV_WORD;
    const wordAfter = seg !== AT_END && this.segWord[seg] === 1;
    return f | (wordBefore !== wordAfter ? WORD_BOUNDARY : NOT_WORD_BOUNDARY);
  }

  private prevType(seg: number): number {
    if (this.trackLine && this.segNewline[seg] === 1) return PREV_NEWLINE;
    if (this.trackWord && this.segWord[seg] === 1) return PREV_WORD;
    return PREV_OTHER;
  }

  private matchesSegment(set: readonly number[], seg: number): boolean {
    let m = this.membership.get(set);
    if (!m) {
      m = new Uint8Array(this.nc);
      for (let s = 0; s < this.nc; s++) m[s] = contains(set, this.bounds[s]) ? 1 : 0;
      this.membership.set(set, m);
    }
    return m[seg] === 1;
  }

  private flush(): void {
    this.states = [];
    this.prevOf = [];
    this.ids = new Map();
    this.trans = new Int32Array(Math.min(MAX_TABLE, 64 * this.nc)).fill(UNKNOWN);
    this.endMatch = new Int8Array(64);
    this.initial = UNKNOWN;
  }

  private intern(pcs: number[], prev: number): number {
    if (pcs.length === 0) return DEAD;
    pcs.sort((a, b) => a - b);
    let key = String.fromCharCode(prev);
    for (let i = 0; i < pcs.length; i += 4096) key += String.fromCharCode.apply(null, pcs.slice(i, i + 4096));
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    if (this.states.length >= MAX_STATES || (this.states.length + 1) * this.nc > MAX_TABLE) this.flush();
    const id = this.states.length;
    this.states.push(Int32Array.from(pcs));
    this.prevOf.push(prev);
    this.ids.set(key, id);
    if ((id + 1) * this.nc > this.trans.length) {
      const bigger = new Int32Array(Math.min(MAX_TABLE, this.trans.length * 2)).fill(UNKNOWN);
      bigger.set(this.trans);
      this.trans = bigger;
      const end = new Int8Array(this.endMatch.length * 2);
      end.set(this.endMatch);
      this.endMatch = end;
    }
    if (id >= this.endMatch.length) {
      const end = new Int8Array(id * 2 + 2);
      end.set(this.endMatch);
      this.endMatch = end;
    }
    return id;
  }

  private startState(): number {
    if (this.initial === UNKNOWN) this.initial = this.intern(Array.from(this.initialSet), this.initialPrev);
    return this.initial;
  }

  /** Computes (and caches) the transition of `state` on segment `seg`. */
  private step(state: number, seg: number): number {
    const { op, out, sets } = this.prog;
    const pcs = this.states[state];
    const prev = this.prevOf[state];
    const here = this.prog.assertKinds === 0 ? pcs : this.closure(pcs, this.context(prev, seg));
    const seeds: number[] = [];
    for (let i = 0; i < here.length; i++) {
      const pc = here[i];
      if (op[pc] === OP_MATCH) return this.record(state, seg, MATCH);
      if (op[pc] === OP_SET && this.matchesSegment(sets[pc]!, seg)) seeds.push(out[pc]);
    }
    if (!this.prog.anchored) seeds.push(0);
    const next = this.closure(seeds, -1);
    for (const pc of next) if (op[pc] === OP_MATCH) return this.record(state, seg, MATCH);
    const before = this.states.length;
    const id = this.intern(next, this.prevType(seg));
    if (id >= 0 && this.states.length < before) return id; // cache was flushed: `state` is gone
    return this.record(state, seg, id);
  }

  private record(state: number, seg: number, target: number): number {
    this.trans[state * this.nc + seg] = target;
    return target;
  }

  private matchesAtEnd(state: number): boolean {
    const known = this.endMatch[state];
    if (known !== 0) return known === 1;
    const pcs = this.states[state];
    const at = this.prog.assertKinds === 0 ? pcs : this.closure(pcs, this.context(this.prevOf[state], AT_END));
    let found = false;
    for (let i = 0; i < at.length; i++) if (this.prog.op[at[i]] === OP_MATCH) found = true;
    this.endMatch[state] = found ? 1 : 2;
    return found;
  }

  /** Unanchored search: is there a match anywhere in `text`? */
  test(text: string): boolean {
    if (this.alwaysMatches) return true;
    const n = text.length;
    const nc = this.nc;
    const ascii = this.ascii;
    let trans = this.trans;
    let s = this.startState();
    if (s === DEAD) return false;
    for (let i = 0; i < n; ) {
      let c = text.charCodeAt(i++);
      let seg: number;
      if (c < 128) seg = ascii[c];
      else {
        if (c >= 0xd800 && c < 0xdc00 && i < n) {
          const d = text.charCodeAt(i);
          if (d >= 0xdc00 && d < 0xe000) {
            c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
            i++;
          }
        }
        seg = this.segmentOf(c);
      }
      let t = trans[s * nc + seg];
      if (t < 0) {
        if (t === UNKNOWN) {
          t = this.step(s, seg);
          trans = this.trans;
        }
        if (t === MATCH) return true;
        if (t === DEAD) return false;
      }
      s = t;
    }
    return this.matchesAtEnd(s);
  }
}
