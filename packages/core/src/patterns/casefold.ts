/**
 * Unicode simple case folding orbits (the equivalence RE2 and JavaScript's /iu use), derived once,
 * lazily, from the runtime's own case mappings: no tables shipped, no dependency.
 */

interface FoldTable {
  /** Sorted code points that have at least one case variant. */
  readonly keys: Int32Array;
  /** `orbits[i]`: every code point equivalent to `keys[i]` (itself included). */
  readonly orbits: readonly (readonly number[])[];
}

/**
 * Derived on first use (it costs a few milliseconds, and most scans never fold case) and never changed
 * after: a constant of the runtime, not state a scan could leave behind for the next.
 */
let table: FoldTable | undefined;

const LAST_CASED = 0x1e943; // above this no code point has a case mapping

function single(s: string): number {
  const cp = s.codePointAt(0)!;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : -1;
}

function build(): FoldTable {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    return r;
  };
  const join = (a: number, b: number): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (let c = 0; c <= LAST_CASED; c++) {
    if (c === 0xd800) c = 0xe000;
    // U+0131 (dotless i) uppercases to I only under Turkic rules; simple folding keeps it apart.
    if (c === 0x131) continue;
    const s = String.fromCodePoint(c);
    const lower = s.toLowerCase();
    const upper = s.toUpperCase();
    if (lower !== s) {
      const l = single(lower);
      if (l >= 0) join(c, l);
    }
    if (upper !== s) {
      const u = single(upper);
      if (u >= 0) join(c, u);
    }
  }
  const groups = new Map<number, number[]>();
  for (const c of parent.keys()) {
    const r = find(c);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = []));
    g.push(c);
  }
  const sorted = [...parent.keys()].sort((a, b) => a - b);
  return { keys: Int32Array.from(sorted), orbits: sorted.map((c) => groups.get(find(c))!) };
}

/** Adds to `out` (flat [lo, hi] pairs) every case variant of every code point in [lo, hi]. */
export function addFoldedRange(lo: number, hi: number, out: number[]): void {
  const { keys: k, orbits } = (table ??= build());
  let a = 0;
  let b = k.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (k[mid] < lo) a = mid + 1;
    else b = mid;
  }
  for (let i = a; i < k.length && k[i] <= hi; i++) {
    for (const v of orbits[i]) out.push(v, v);
  }
}
