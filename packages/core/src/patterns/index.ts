export type { CompiledPattern, PatternEngine } from './types.js';
export { PatternSyntaxError } from './types.js';
export { containsAny, linearPatternEngine, patternLiterals, validatePattern } from './engine.js';
export type { Literals } from './prefilter.js';
