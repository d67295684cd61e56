/** A pattern compiled by a {@link PatternEngine}. `test` is an unanchored search (like RE2 PartialMatch). */
export interface CompiledPattern {
  readonly source: string;
  test(text: string): boolean;
}

/** Compiles user-supplied regular expressions (RE2 syntax). `compile` throws a PatternSyntaxError. */
export interface PatternEngine {
  readonly name: string;
  compile(source: string): CompiledPattern;
}

/** A pattern that is not valid, or uses syntax a linear-time engine cannot support. */
export class PatternSyntaxError extends Error {
  /** 0-based index in the pattern where the problem starts. */
  readonly position: number;
  readonly pattern: string;

  constructor(message: string, position: number, pattern: string) {
    super(message);
    this.name = 'PatternSyntaxError';
    this.position = position;
    this.pattern = pattern;
  }
}
