/** The WebAssembly-free linear-time engine: parse, compile, then a lazy DFA behind an indexOf prefilter. */
import { compile } from './compiler.js';
import { lazyDfa } from './dfa.js';
import { parse } from './parser.js';
import { literals, type Literals } from './prefilter.js';
import type { CompiledPattern, PatternEngine } from './types.js';

/** Whether the text contains one of the needles (the prefilter's test). */
export function containsAny(text: string, needles: readonly string[]): boolean {
  for (const s of needles) if (text.includes(s)) return true;
  return false;
}

function compileLinear(source: string): CompiledPattern {
  const tree = parse(source);
  const program = compile(tree, source);
  const { exact, required } = literals(tree);
  if (exact) return { source, test: (text) => containsAny(text, exact) };
  const dfa = lazyDfa(program);
  // An anchored search dies on the first characters; scanning the text for literals would cost more.
  if (program.anchored || !required) return { source, test: dfa };
  return { source, test: (text) => containsAny(text, required) && dfa(text) };
}

/**
 * Checks a pattern's syntax, throwing the PatternSyntaxError the engines report for it. Returns the
 * size of its compiled program (instructions), a measure of how much memory an engine will need.
 */
export function validatePattern(source: string): number {
  return compile(parse(source), source).op.length;
}

/**
 * The literals of a valid pattern: strings one of which every match contains (`required`), and whether
 * the pattern is nothing but such a set (`exact`). Lets another engine skip texts that cannot match.
 */
export function patternLiterals(source: string): Literals {
  return literals(parse(source));
}

export const linearPatternEngine: PatternEngine = {
  name: 'linear',
  compile: compileLinear,
};
