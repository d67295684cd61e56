export type { CompiledPattern, PatternEngine } from './types.js';
export { PatternSyntaxError } from './types.js';
export { linearPatternEngine, validatePattern } from './engine.js';
