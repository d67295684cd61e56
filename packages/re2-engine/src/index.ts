/**
 * RE2 (re2-wasm) pattern engine for Node hosts. Every pattern is first checked by the core's parser,
 * so syntax errors are the very same PatternSyntaxError (message and position) as the linear engine,
 * and RE2 only ever sees syntax both engines give the same meaning to.
 *
 * re2-wasm runs in a fixed 16 MB WebAssembly heap and never frees a compiled RE2 by itself: a few
 * thousand compilations, or three patterns with large counted repetitions, exhaust it. So compiled
 * RE2 objects live in a small LRU cache (evicted ones are freed and recompiled on demand), large
 * programs go to the linear engine, and any RE2 failure falls back to the linear engine, which gives
 * the same answers.
 *
 * Each call into re2-wasm copies the text into the WebAssembly heap, which costs more than the match
 * itself; so the core's literal prefilter runs first, in JavaScript, and texts that lack every literal
 * a match needs never cross into the heap. A pattern that is only a set of literals never reaches RE2.
 */
import {
  containsAny,
  linearPatternEngine,
  patternLiterals,
  validatePattern,
  type CompiledPattern,
  type PatternEngine,
} from '@jobsentinel/core';
import { RE2 } from 're2-wasm';

/** Answers remembered per pattern, for texts up to MEMO_TEXT characters: manifests repeat their images
 * and commands, and every call into re2-wasm costs microseconds before any matching starts. */
const MEMO_SIZE = 512;
const MEMO_TEXT = 1024;

/** Compiled RE2 objects kept alive at once. */
const CACHE_SIZE = 128;
/** Programs larger than this (linear-engine instructions) run on the linear engine: re2-wasm took 20 s
 * to test (?i)[\\w\\x{100}-\\x{10000}]{990} on 1,000 characters, where the linear engine takes 0.3 s. */
const MAX_RE2_PROGRAM = 500;

const cache = new Map<string, RE2>();

function free(re: RE2): void {
  try {
    (re as unknown as { wrapper?: { delete?: () => void } }).wrapper?.delete?.();
  } catch {
    // already freed or the heap is gone: nothing to release
  }
}

/** The RE2 for a source, compiled on demand; null when RE2 cannot take it. */
function re2For(source: string): RE2 | null {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source); // refresh LRU position
    cache.set(source, hit);
    return hit;
  }
  let re: RE2;
  try {
    re = new RE2(expandQuotedLiterals(source), 'u');
  } catch {
    return null;
  }
  cache.set(source, re);
  if (cache.size > CACHE_SIZE) {
    const [oldest, old] = cache.entries().next().value as [string, RE2];
    cache.delete(oldest);
    free(old);
  }
  return re;
}

/**
 * re2-wasm rewrites JavaScript syntax (`/`, `\u`) before handing the pattern to RE2, which would
 * corrupt `\Q...\E` literal text; spell those sections out as escaped characters instead.
 */
export function expandQuotedLiterals(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; ) {
    if (source[i] !== '\\') {
      out += source[i++];
      continue;
    }
    if (source[i + 1] !== 'Q') {
      out += source.slice(i, i + 2);
      i += 2;
      continue;
    }
    const end = source.indexOf('\\E', i + 2);
    const text = source.slice(i + 2, end < 0 ? source.length : end);
    for (const ch of text) out += /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(ch) ? '\\' + ch : ch;
    i = end < 0 ? source.length : end + 2;
  }
  return out;
}

class Re2Pattern implements CompiledPattern {
  private fallback: CompiledPattern | null = null;
  private readonly memo = new Map<string, boolean>();

  /** `required`: one of these strings is in every match, or null when nothing useful is known. */
  constructor(
    readonly source: string,
    private readonly required: readonly string[] | null,
  ) {}

  test(text: string): boolean {
    if (this.required && !containsAny(text, this.required)) return false;
    if (text.length > MEMO_TEXT) return this.run(text);
    let result = this.memo.get(text);
    if (result === undefined) {
      result = this.run(text);
      if (this.memo.size >= MEMO_SIZE) this.memo.delete(this.memo.keys().next().value as string);
      this.memo.set(text, result);
    }
    return result;
  }

  private run(text: string): boolean {
    if (!this.fallback) {
      const re = re2For(this.source);
      if (re) {
        try {
          return re.test(text);
        } catch {
          // heap exhausted while matching: answer with the linear engine from now on
        }
      }
      this.fallback = linearPatternEngine.compile(this.source);
    }
    return this.fallback.test(text);
  }
}

/**
 * RE2 matches over UTF-8 bytes, so its `\B` also holds between the bytes of one non-ASCII character
 * (`a|\B` matches "1ſk"); the linear engine answers per character, as the user means it.
 */
function usesNotWordBoundary(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    if (source[i] !== '\\') continue;
    if (source[i + 1] === 'B') return true;
    i++;
  }
  return false;
}

export const re2PatternEngine: PatternEngine = {
  name: 're2-wasm',
  compile(source: string): CompiledPattern {
    const size = validatePattern(source); // throws PatternSyntaxError exactly like the linear engine
    const { exact, required } = patternLiterals(source);
    // A set of literals is answered by indexOf alone (the linear engine does just that).
    if (exact || size > MAX_RE2_PROGRAM || usesNotWordBoundary(source) || !re2For(source)) {
      return linearPatternEngine.compile(source);
    }
    return new Re2Pattern(source, required);
  },
};
