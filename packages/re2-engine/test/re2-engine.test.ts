import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearPatternEngine, PatternSyntaxError } from '@jobsentinel/core';
import { RE2 } from 're2-wasm';
import { expandQuotedLiterals, re2PatternEngine } from '../src/index.js';

function errorOf(engine: typeof re2PatternEngine, pattern: string): PatternSyntaxError {
  try {
    engine.compile(pattern);
  } catch (e) {
    assert.ok(e instanceof PatternSyntaxError, String(e));
    return e;
  }
  assert.fail(`${engine.name} accepted ${pattern}`);
}

describe('re2-wasm engine', () => {
  it('names itself and matches', () => {
    assert.equal(re2PatternEngine.name, 're2-wasm');
    const p = re2PatternEngine.compile('stratum\\+tcp://|xmrig');
    assert.equal(p.source, 'stratum\\+tcp://|xmrig');
    assert.equal(p.test('-o stratum+tcp://pool:3333'), true);
    assert.equal(p.test('nginx:1.25'), false);
    assert.equal(re2PatternEngine.compile('(?i)nc(at)? -e').test('NCAT -e sh'), true);
  });

  it('reports exactly the linear engine errors', () => {
    for (const pattern of ['(a)\\1', 'a(?=b)', '(?<!a)b', 'a++', 'a{1,1001}', '[z-a]', '\\pL', '(ab', 'x{2}{3}']) {
      const a = errorOf(re2PatternEngine, pattern);
      const b = errorOf(linearPatternEngine, pattern);
      assert.equal(a.message, b.message);
      assert.equal(a.position, b.position);
    }
  });

  it('answers \\B per character, not between the UTF-8 bytes of one character', () => {
    const pattern = re2PatternEngine.compile('a|\\B');
    assert.equal(pattern.test('1ſk'), false);
    assert.equal(pattern.test('ab'), true);
    assert.equal(pattern.test('xy'), true);
  });

  it('keeps \\Q...\\E text literal despite re2-wasm rewriting', () => {
    assert.equal(expandQuotedLiterals('a\\Q/.*\\Eb'), 'a\\/\\.\\*b');
    const p = re2PatternEngine.compile('\\Q/usr/bin/x.sh\\E$');
    assert.equal(p.test('run /usr/bin/x.sh'), true);
    assert.equal(p.test('run /usr/bin/xxsh'), false);
  });

  it('survives many compilations and large patterns (re2-wasm heap is fixed)', () => {
    // `x+` keeps the pattern from being a plain literal, which would never reach RE2.
    for (let i = 0; i < 1500; i++) assert.equal(re2PatternEngine.compile(`job-${i}x+`).test(`a job-${i}x`), true);
    for (let i = 0; i < 3; i++) {
      const p = re2PatternEngine.compile(`(?i)[\\w\\x{100}-\\x{10000}]{${990 + i}}`);
      assert.equal(p.test('a'.repeat(1000)), true);
      assert.equal(p.test('a'.repeat(900)), false);
    }
  });

  it('keeps texts that lack the literals every match needs out of the WebAssembly heap', () => {
    const calls: string[] = [];
    const original = RE2.prototype.test;
    RE2.prototype.test = function (this: RE2, text: string) {
      calls.push(text);
      return original.call(this, text);
    };
    try {
      const pool = re2PatternEngine.compile('stratum\\+tcp://[a-z0-9.-]+:[0-9]+');
      assert.equal(pool.test('nginx:1.25 --port 8080'), false);
      assert.equal(pool.test('xmrig -o stratum+tcp://pool.example:3333'), true);
      assert.equal(pool.test('xmrig -o stratum+tcp://:3333'), false);
      assert.deepEqual(calls, ['xmrig -o stratum+tcp://pool.example:3333', 'xmrig -o stratum+tcp://:3333']);

      calls.length = 0;
      const literal = re2PatternEngine.compile('xmrig|minerd|stratum\\+tcp://');
      assert.equal(literal.test('run xmrig now'), true);
      assert.equal(literal.test('nginx'), false);
      assert.deepEqual(calls, [], 'a set of literals is answered without RE2');
    } finally {
      RE2.prototype.test = original;
    }
  });

  it('finishes hostile patterns', () => {
    const as = 'a'.repeat(100_000);
    assert.equal(re2PatternEngine.compile('(a+)+b').test(as), false);
    assert.equal(re2PatternEngine.compile('(a|a)*c').test(as), false);
    assert.equal(re2PatternEngine.compile('(.*)*x').test(as + 'x'), true);
    assert.equal(re2PatternEngine.compile('(x+x+)+y').test('x'.repeat(100_000)), false);
  });
});
