/** Syntax tree produced by the parser. Groups disappear (captures are irrelevant for a boolean test). */
export type Node =
  | { readonly t: 'empty' }
  /** A set of code points, as sorted, merged [lo, hi] pairs (case folding already applied). */
  | { readonly t: 'set'; readonly ranges: readonly number[] }
  | { readonly t: 'cat'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly items: readonly Node[] }
  /** max = -1 means unbounded. */
  | { readonly t: 'rep'; readonly min: number; readonly max: number; readonly sub: Node }
  | { readonly t: 'assert'; readonly kind: number };

/** Empty-width assertion kinds; bit values so a position's context is one number. */
export const BEGIN_TEXT = 1;
export const BEGIN_LINE = 2;
export const END_TEXT = 4;
export const END_LINE = 8;
export const WORD_BOUNDARY = 16;
export const NOT_WORD_BOUNDARY = 32;

export const MAX_CODE_POINT = 0x10ffff;
/** Largest count allowed in {m,n}, and for nested counted repetitions multiplied (as in RE2). */
export const MAX_REPEAT = 1000;
