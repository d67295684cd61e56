/**
 * Compiles the syntax tree into a Thompson NFA program: SET (consume one code point in a set),
 * SPLIT / JMP (epsilon edges), ASSERT (empty-width condition), MATCH. Counted repetitions are
 * expanded, so the program size is capped.
 */
import { BEGIN_TEXT, type Node } from './ast.js';
import { PatternSyntaxError } from './types.js';

export const OP_SET = 0;
export const OP_SPLIT = 1;
export const OP_JMP = 2;
export const OP_ASSERT = 3;
export const OP_MATCH = 4;
export const OP_FAIL = 5;

/** Upper bound on program size; keeps the per-character worst case of the matcher bounded. */
export const MAX_INSTRUCTIONS = 20_000;

export interface Program {
  readonly op: Uint8Array;
  /** Next instruction (SET, JMP, ASSERT, first branch of SPLIT). */
  readonly out: Int32Array;
  /** Second branch of SPLIT. */
  readonly out1: Int32Array;
  /** Assertion kind for ASSERT. */
  readonly arg: Int32Array;
  /** Code point set for SET (shared between copies of a repeated sub-pattern). */
  readonly sets: ReadonlyArray<readonly number[] | null>;
  /** Union of all assertion kinds used. */
  readonly assertKinds: number;
  /** Every match must start at the beginning of the text (no need to restart the search). */
  readonly anchored: boolean;
}

/** True when every match of the node must begin at the start of the text. */
function anchoredAtStart(node: Node): boolean {
  switch (node.t) {
    case 'assert':
      return node.kind === BEGIN_TEXT;
    case 'cat':
      return node.items.length > 0 && anchoredAtStart(node.items[0]);
    case 'alt':
      return node.items.every(anchoredAtStart);
    case 'rep':
      return node.min >= 1 && anchoredAtStart(node.sub);
    default:
      return false;
  }
}

export function compile(node: Node, source: string): Program {
  const op: number[] = [];
  const out: number[] = [];
  const out1: number[] = [];
  const arg: number[] = [];
  const sets: (readonly number[] | null)[] = [];
  let assertKinds = 0;

  const emit = (o: number, next: number, next1 = -1, a = 0, set: readonly number[] | null = null): number => {
    if (op.length >= MAX_INSTRUCTIONS) {
      throw new PatternSyntaxError(
        `pattern too large: it compiles to more than ${MAX_INSTRUCTIONS} instructions (reduce counted repetitions)`,
        0,
        source,
      );
    }
    op.push(o);
    out.push(next);
    out1.push(next1);
    arg.push(a);
    sets.push(set);
    return op.length - 1;
  };

  const gen = (n: Node): void => {
    switch (n.t) {
      case 'empty':
        return;
      case 'set':
        if (n.ranges.length === 0) emit(OP_FAIL, -1);
        else emit(OP_SET, op.length + 1, -1, 0, n.ranges);
        return;
      case 'assert':
        assertKinds |= n.kind;
        emit(OP_ASSERT, op.length + 1, -1, n.kind);
        return;
      case 'cat':
        for (const item of n.items) gen(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        n.items.forEach((item, i) => {
          if (i < n.items.length - 1) {
            const split = emit(OP_SPLIT, op.length + 1, -1);
            gen(item);
            jumps.push(emit(OP_JMP, -1));
            out1[split] = op.length;
          } else gen(item);
        });
        for (const j of jumps) out[j] = op.length;
        return;
      }
      case 'rep': {
        const { min, max, sub } = n;
        if (max < 0) {
          for (let i = 0; i < min - 1; i++) gen(sub);
          if (min >= 1) {
            const loop = op.length;
            gen(sub);
            emit(OP_SPLIT, loop, op.length + 1);
          } else {
            const split = emit(OP_SPLIT, op.length + 1, -1);
            gen(sub);
            emit(OP_JMP, split);
            out1[split] = op.length;
          }
          return;
        }
        for (let i = 0; i < min; i++) gen(sub);
        const splits: number[] = [];
        for (let i = min; i < max; i++) {
          splits.push(emit(OP_SPLIT, op.length + 1, -1));
          gen(sub);
        }
        for (const s of splits) out1[s] = op.length;
        return;
      }
    }
  };

  gen(node);
  emit(OP_MATCH, -1);
  return {
    op: Uint8Array.from(op),
    out: Int32Array.from(out),
    out1: Int32Array.from(out1),
    arg: Int32Array.from(arg),
    sets,
    assertKinds,
    anchored: anchoredAtStart(node),
  };
}
