/**
 * Differential property tests: random patterns from the supported RE2 grammar and random inputs; the
 * linear engine, re2-wasm and (where JavaScript's semantics coincide) RegExp with the u flag agree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RE2 } from 're2-wasm';
import { linearPatternEngine, PatternSyntaxError } from '@jobsentinel/core';
import { re2PatternEngine } from '../src/index.js';

/** A generated pattern, with whether JavaScript RegExp (u flag, Node 20) reads it the same way. */
interface Gen {
  readonly src: string;
  readonly js: boolean;
}

// Input alphabet: ASCII with case pairs, punctuation the patterns escape, whitespace, and code points
// whose case folding is subtle (Kelvin sign, long s, sharp s, final sigma, accented letters, astral).
const INPUT_CHARS = ['a', 'b', 'c', 'A', 'B', 'k', 'K', 's', 'S', '0', '1', '_', ' ', '-', '.', '+', '*', '/', '\n', '\t',
  '\u212a', '\u017f', 'ß', '\u1e9e', 'σ', 'ς', 'Σ', 'é', 'É', '😀', '\r', '\v', '\u00a0'];
/** Characters where JavaScript differs from RE2 (line terminators for . ^ $, \s members). */
const JS_UNSAFE_INPUT = /[\r\v\u00a0]/;

const LITERALS = ['a', 'b', 'c', 'A', 'k', 's', 'S', '0', '_', ' ', '-', 'é', 'ß', 'σ', '😀', '\u212a', '\u017f'];
const ESCAPED = ['\\.', '\\+', '\\*', '\\/', '\\\\', '\\(', '\\)', '\\[', '\\]', '\\{', '\\}', '\\|', '\\?', '\\^', '\\$'];
const CLASS_CHARS = ['a', 'b', 'c', 'k', 's', 'A', 'Z', '0', '9', '_', ' ', 'é', '😀', '\\-', '\\]', '\\\\', '\\.'];

const lit = (src: string): Gen => ({ src, js: true });

const atomArb = (inner: fc.Arbitrary<Gen>): fc.Arbitrary<Gen> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...LITERALS).map(lit) },
    { weight: 2, arbitrary: fc.constantFrom(...ESCAPED).map(lit) },
    { weight: 2, arbitrary: fc.constantFrom('.', '\\d', '\\w', '\\s', '\\D', '\\W', '\\S', '\\x41', '\\n', '\\t').map(lit) },
    // \x{...} is RE2 only (JavaScript spells it \u{...}).
    { weight: 1, arbitrary: fc.constantFrom('\\x{e9}', '\\x{1F600}', '[\\x{1F600}-\\x{1F64F}]').map((src) => ({ src, js: false })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.boolean(),
          fc.array(
            fc.oneof(
              fc.constantFrom(...CLASS_CHARS),
              fc.constantFrom('a-c', 'A-Z', '0-9', 'a-z', 'à-ÿ', '😀-🙏'),
              fc.constantFrom('\\d', '\\w', '\\s', '\\W', '\\D'),
            ),
            { minLength: 1, maxLength: 4 },
          ),
        )
        .map(([neg, items]) => lit(`[${neg ? '^' : ''}${items.join('')}]`)),
    },
    { weight: 1, arbitrary: fc.constantFrom('^', '$', '\\b', '\\B').map((src) => ({ src, js: true, assertion: true }) as Gen) },
    { weight: 1, arbitrary: fc.constantFrom('\\A', '\\z').map((src) => ({ src, js: false })) },
    { weight: 3, arbitrary: inner.map((g) => ({ src: `(${g.src})`, js: g.js })) },
    { weight: 2, arbitrary: inner.map((g) => ({ src: `(?:${g.src})`, js: g.js })) },
    { weight: 1, arbitrary: inner.map((g) => ({ src: `(?i:${g.src})`, js: false })) },
  );

const QUANTIFIERS = ['*', '+', '?', '{2}', '{0,2}', '{1,}', '{2,3}', '{0}', '*?', '+?', '??', '{1,2}?'];

const pieceArb = (inner: fc.Arbitrary<Gen>): fc.Arbitrary<Gen> =>
  fc.tuple(atomArb(inner), fc.option(fc.constantFrom(...QUANTIFIERS), { nil: undefined, freq: 2 })).map(([atom, q]) => {
    if (q === undefined) return atom;
    // JavaScript's u mode refuses a quantified assertion (RE2 allows ^* and the like).
    const assertion = (atom as Gen & { assertion?: boolean }).assertion === true;
    return { src: atom.src + q, js: atom.js && !assertion };
  });

const { alt } = fc.letrec<{ alt: Gen; concat: Gen }>((tie) => ({
  concat: fc
    .array(pieceArb(tie('alt') as fc.Arbitrary<Gen>), { minLength: 0, maxLength: 4 })
    .map((ps) => ({ src: ps.map((p) => p.src).join(''), js: ps.every((p) => p.js) })),
  alt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('concat') as fc.Arbitrary<Gen>,
    fc
      .array(tie('concat') as fc.Arbitrary<Gen>, { minLength: 2, maxLength: 3 })
      .map((cs) => ({ src: cs.map((c) => c.src).join('|'), js: cs.every((c) => c.js) })),
  ),
}));

/** Pattern with optional leading flags; JavaScript gets them as RegExp flags. */
const patternArb = fc.tuple(fc.constantFrom('', '', '', '(?i)', '(?s)', '(?m)', '(?is)'), alt as fc.Arbitrary<Gen>).map(([flags, g]) => ({
  src: flags + g.src,
  body: g.src,
  jsFlags: 'u' + flags.replace(/[()?]/g, ''),
  js: g.js,
}));

const inputArb = fc.array(fc.constantFrom(...INPUT_CHARS), { maxLength: 24 }).map((cs) => cs.join(''));

function jsComparable(p: { src: string; jsFlags: string }, input: string): boolean {
  if (JS_UNSAFE_INPUT.test(input)) return false;
  // Under /iu JavaScript counts U+017F and U+212A as word characters for \b; RE2's \b stays ASCII.
  if (p.jsFlags.includes('i') && /\\[bB]/.test(p.src) && /[\u017f\u212a]/.test(input)) return false;
  return true;
}

describe('differential: linear engine = re2-wasm = RegExp', () => {
  it('agree on generated patterns and inputs', () => {
    let jsCompared = 0;
    fc.assert(
      fc.property(patternArb, fc.array(inputArb, { minLength: 1, maxLength: 6 }), (p, inputs) => {
        const linear = linearPatternEngine.compile(p.src);
        const re2 = re2PatternEngine.compile(p.src);
        const js = p.js ? new RegExp(p.body, p.jsFlags) : null;
        for (const input of inputs) {
          const expected = linear.test(input);
          assert.equal(re2.test(input), expected, `re2-wasm vs linear: /${p.src}/ on ${JSON.stringify(input)}`);
          if (js && jsComparable(p, input)) {
            jsCompared++;
            assert.equal(js.test(input), expected, `RegExp vs linear: /${p.body}/${p.jsFlags} on ${JSON.stringify(input)}`);
          }
        }
      }),
      { numRuns: 600 },
    );
    assert.ok(jsCompared > 300, `only ${jsCompared} comparisons with RegExp`);
  });

  it('agree when the input contains one of the generated strings (matches are frequent)', () => {
    fc.assert(
      fc.property(patternArb, inputArb, inputArb, (p, before, after) => {
        const linear = linearPatternEngine.compile(p.src);
        const re2 = re2PatternEngine.compile(p.src);
        // Build inputs around the pattern's literal characters so that matches occur often.
        const seed = p.body.replace(/[\\()[\]{}|*+?^$]/g, '');
        const input = before + seed + after;
        assert.equal(re2.test(input), linear.test(input), `/${p.src}/ on ${JSON.stringify(input)}`);
        if (p.js && jsComparable(p, input)) assert.equal(new RegExp(p.body, p.jsFlags).test(input), linear.test(input), `/${p.body}/${p.jsFlags}`);
      }),
      { numRuns: 400 },
    );
  });

  it('never accept syntax that RE2 itself rejects, and agree with it on what both accept', () => {
    const chars = ['a', 'b', '(', ')', '[', ']', '{', '}', '|', '*', '+', '?', '^', '$', '.', '\\', '-', ',', '0', '1', '2', ':',
      'd', 'w', 'b', 'B', 'A', 'z', 'Q', 'E', 'i', 'x', 'P', '<', '>', '=', '!', '#', ' '];
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((c) => c.join('')), fc.array(inputArb, { maxLength: 4 }), (src, inputs) => {
        let linear;
        try {
          linear = linearPatternEngine.compile(src);
        } catch (e) {
          assert.ok(e instanceof PatternSyntaxError, `${src}: ${String(e)}`);
          assert.ok(e.position >= 0 && e.position <= src.length, `${src}: position ${e.position}`);
          return;
        }
        accepted++;
        let raw: RE2;
        try {
          raw = new RE2(src, 'u');
        } catch (e) {
          // re2-wasm rewrites \Q...\E text; everything else the linear engine accepts, RE2 must accept.
          if (src.includes('\\Q')) return;
          throw new Error(`linear engine accepts ${JSON.stringify(src)} but RE2 rejects it: ${String(e)}`);
        }
        for (const input of inputs) {
          const expected = linear.test(input);
          assert.equal(re2PatternEngine.compile(src).test(input), expected, `/${src}/ on ${JSON.stringify(input)}`);
          if (!src.includes('\\Q')) assert.equal(raw.test(input), expected, `raw RE2 /${src}/ on ${JSON.stringify(input)}`);
        }
        // re2-wasm never frees a compiled RE2 by itself, and its heap is fixed.
        (raw as unknown as { wrapper: { delete(): void } }).wrapper.delete();
      }),
      { numRuns: 2000 },
    );
    assert.ok(accepted > 100, `only ${accepted} random patterns were valid`);
  });
});
