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

/** The matcher of a program: an unanchored search, is there a match anywhere in the text? */
export function lazyDfa(prog: Program): (text: string) => boolean {
  const { op, out, out1, arg, sets, assertKinds, anchored } = prog;
  const trackWord = (assertKinds & (WORD_BOUNDARY | NOT_WORD_BOUNDARY)) !== 0;
  const trackLine = (assertKinds & (BEGIN_LINE | END_LINE)) !== 0;
  // Input alphabet: code points split into segments that no SET or assertion tells apart.
  const cuts = new Set<number>([0]);
  for (const set of sets) {
    if (!set) continue;
    for (let i = 0; i < set.length; i += 2) cuts.add(set[i]).add(set[i + 1] + 1);
  }
  if (trackLine) cuts.add(10).add(11);
  if (trackWord) for (const c of [48, 58, 65, 91, 95, 96, 97, 123]) cuts.add(c);
  cuts.delete(0x110000);
  const bounds = Int32Array.from([...cuts].sort((a, b) => a - b));
  const nc = bounds.length;
  const segWord = new Uint8Array(nc);
  const segNewline = new Uint8Array(nc);
  for (let s = 0; s < nc; s++) {
    segWord[s] = isWordChar(bounds[s]) ? 1 : 0;
    segNewline[s] = bounds[s] === 10 && (bounds[s + 1] ?? 0) === 11 ? 1 : 0;
  }
  const membership = new Map<readonly number[], Uint8Array>();
  const mark = new Uint32Array(op.length);
  let generation = 0;
  const stack: number[] = [];

  let states: Int32Array[];
  let prevOf: number[];
  let ids: Map<string, number>;
  let trans: Int32Array;
  let endMatch: Int8Array;
  let initial: number;

  const segmentOf = (c: number): number => {
    let lo = 0;
    let hi = nc - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid] <= c) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  /** Instructions reachable through epsilon edges. flags < 0: keep assertions pending; else evaluate them. */
  const closure = (seeds: ArrayLike<number>, flags: number): number[] => {
    if (++generation === 0xffffffff) {
      mark.fill(0);
      generation = 1;
    }
    const g = generation;
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
  };

  /** Which assertions hold between a character of type `prev` and segment `seg` (AT_END at the end). */
  const context = (prev: number, seg: number): number => {
    let f = 0;
    if (prev === PREV_START) f |= BEGIN_TEXT | BEGIN_LINE;
    else if (prev === PREV_NEWLINE) f |= BEGIN_LINE;
    if (seg === AT_END) f |= END_TEXT | END_LINE;
    else if (segNewline[seg] === 1) f |= END_LINE;
    const wordBefore = prev === PREV_WORD;
    const wordAfter = seg !== AT_END && segWord[seg] === 1;
    return f | (wordBefore !== wordAfter ? WORD_BOUNDARY : NOT_WORD_BOUNDARY);
  };

  const matchesSegment = (set: readonly number[], seg: number): boolean => {
    let m = membership.get(set);
    if (!m) {
      m = new Uint8Array(nc);
      for (let s = 0; s < nc; s++) m[s] = contains(set, bounds[s]) ? 1 : 0;
      membership.set(set, m);
    }
    return m[seg] === 1;
  };

  const flush = (): void => {
    states = [];
    prevOf = [];
    ids = new Map();
    trans = new Int32Array(Math.min(MAX_TABLE, 64 * nc)).fill(UNKNOWN);
    endMatch = new Int8Array(64);
    initial = UNKNOWN;
  };

  const intern = (pcs: number[], prev: number): number => {
    if (pcs.length === 0) return DEAD;
    pcs.sort((a, b) => a - b);
    let key = String.fromCharCode(prev);
    for (let i = 0; i < pcs.length; i += 4096) key += String.fromCharCode.apply(null, pcs.slice(i, i + 4096));
    const known = ids.get(key);
    if (known !== undefined) return known;
    if (states.length >= MAX_STATES || (states.length + 1) * nc > MAX_TABLE) flush();
    const id = states.length;
    states.push(Int32Array.from(pcs));
    prevOf.push(prev);
    ids.set(key, id);
    if ((id + 1) * nc > trans.length) {
      const bigger = new Int32Array(Math.min(MAX_TABLE, trans.length * 2)).fill(UNKNOWN);
      bigger.set(trans);
      trans = bigger;
      const end = new Int8Array(endMatch.length * 2);
      end.set(endMatch);
      endMatch = end;
    }
    if (id >= endMatch.length) {
      const end = new Int8Array(id * 2 + 2);
      end.set(endMatch);
      endMatch = end;
    }
    return id;
  };

  const record = (state: number, seg: number, target: number): number => (trans[state * nc + seg] = target);

  /** Computes (and caches) the transition of `state` on segment `seg`. */
  const step = (state: number, seg: number): number => {
    const pcs = states[state];
    const here = assertKinds === 0 ? pcs : closure(pcs, context(prevOf[state], seg));
    const seeds: number[] = [];
    for (let i = 0; i < here.length; i++) {
      const pc = here[i];
      if (op[pc] === OP_MATCH) return record(state, seg, MATCH);
      if (op[pc] === OP_SET && matchesSegment(sets[pc]!, seg)) seeds.push(out[pc]);
    }
    if (!anchored) seeds.push(0);
    const next = closure(seeds, -1);
    for (const pc of next) if (op[pc] === OP_MATCH) return record(state, seg, MATCH);
    const before = states.length;
    const prev = trackLine && segNewline[seg] === 1 ? PREV_NEWLINE : trackWord && segWord[seg] === 1 ? PREV_WORD : PREV_OTHER;
    const id = intern(next, prev);
    if (id >= 0 && states.length < before) return id; // cache was flushed: `state` is gone
    return record(state, seg, id);
  };

  const matchesAtEnd = (state: number): boolean => {
    const known = endMatch[state];
    if (known !== 0) return known === 1;
    const pcs = states[state];
    const at = assertKinds === 0 ? pcs : closure(pcs, context(prevOf[state], AT_END));
    let found = false;
    for (let i = 0; i < at.length; i++) if (op[at[i]] === OP_MATCH) found = true;
    endMatch[state] = found ? 1 : 2;
    return found;
  };

  const ascii = new Uint16Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = segmentOf(c);
  flush();
  const start = closure([0], -1);
  // The empty string matches at the start without any condition.
  if (start.some((pc) => op[pc] === OP_MATCH)) return () => true;
  const initialSet = Int32Array.from(start.sort((a, b) => a - b));
  const initialPrev = trackWord || trackLine || assertKinds !== 0 ? PREV_START : PREV_OTHER;

  return (text) => {
    const n = text.length;
    if (initial === UNKNOWN) initial = intern(Array.from(initialSet), initialPrev);
    let s = initial;
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
        seg = segmentOf(c);
      }
      let t = trans[s * nc + seg];
      if (t < 0) {
        if (t === UNKNOWN) t = step(s, seg);
        if (t === MATCH) return true;
        if (t === DEAD) return false;
      }
      s = t;
    }
    return matchesAtEnd(s);
  };
}
