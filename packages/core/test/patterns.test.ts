import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearPatternEngine, PatternSyntaxError } from '../src/patterns/index.js';

const matches = (pattern: string, text: string): boolean => linearPatternEngine.compile(pattern).test(text);

function expectMatches(pattern: string, yes: string[], no: string[]): void {
  const p = linearPatternEngine.compile(pattern);
  for (const t of yes) assert.equal(p.test(t), true, `${pattern} should match ${JSON.stringify(t)}`);
  for (const t of no) assert.equal(p.test(t), false, `${pattern} should not match ${JSON.stringify(t)}`);
}

function expectError(pattern: string, position: number, message: RegExp): void {
  assert.throws(
    () => linearPatternEngine.compile(pattern),
    (e: unknown) => {
      assert.ok(e instanceof PatternSyntaxError, `${pattern}: not a PatternSyntaxError: ${String(e)}`);
      assert.match(e.message, message, pattern);
      assert.equal(e.position, position, `${pattern}: ${e.message}`);
      return true;
    },
  );
}

describe('linear pattern engine: syntax', () => {
  it('keeps the source and names itself', () => {
    assert.equal(linearPatternEngine.name, 'linear');
    assert.equal(linearPatternEngine.compile('a+').source, 'a+');
  });

  it('searches unanchored for literals', () => {
    expectMatches('xmrig', ['xmrig', 'run ./xmrig -o pool', 'xmrigxmrig'], ['', 'xmri', 'XMRIG', 'x m r i g']);
    expectMatches('', ['', 'anything'], []);
  });

  it('handles escapes', () => {
    expectMatches('stratum\\+tcp://', ['stratum+tcp://pool:3333'], ['stratum tcp://', 'stratumtcp://']);
    expectMatches('a\\.b', ['a.b'], ['axb']);
    expectMatches('\\\\', ['C:\\x'], ['C:/x']);
    expectMatches('\\/bin\\/sh', ['/bin/sh'], ['\\bin\\sh']);
    expectMatches('a\\tb', ['a\tb'], ['a b']);
    expectMatches('a\\nb', ['a\nb'], ['anb']);
    expectMatches('\\x41\\x{1F600}', ['A😀'], ['A', 'a😀']);
    expectMatches('\\Qa.b*\\E+', ['a.b*', 'a.b**'], ['aab']);
    expectMatches('\\0', ['\0'], ['0']);
  });

  it('handles perl classes', () => {
    expectMatches('^\\d+$', ['0', '12345'], ['', '12a', '٣']);
    expectMatches('^\\w+$', ['abc_XYZ_09'], ['a-b', 'é']);
    expectMatches('^\\s$', [' ', '\t', '\n', '\r', '\f'], ['\v', '\u00a0', 'x']);
    expectMatches('^\\D\\W\\S$', ['a-x'], ['1-x', 'a_x', 'a- ']);
  });

  it('handles bracket classes', () => {
    expectMatches('^[a-z0-9]+$', ['abc123'], ['abC', '']);
    expectMatches('^[^a-c]$', ['d', '\n', '😀'], ['a', 'c', '']);
    expectMatches('^[\\d\\-x]+$', ['1-x'], ['y']);
    expectMatches('^[]a]+$', [']a]'], ['b']);
    expectMatches('^[a-]+$', ['a-'], ['b']);
    expectMatches('^[\\]\\\\]+$', [']\\'], ['a']);
    expectMatches('^[[:alpha:]]+[[:^digit:]]$', ['ab!'], ['ab1']);
    expectMatches('^[\\x{1F600}-\\x{1F64F}]$', ['😀', '🙏'], ['😀😀', 'a']);
  });

  it('handles . (no newline unless (?s))', () => {
    expectMatches('^a.c$', ['abc', 'a😀c', 'a\rc'], ['a\nc', 'ac', 'abbc']);
    expectMatches('(?s)^a.c$', ['a\nc'], ['ac']);
  });

  it('handles alternation and groups', () => {
    expectMatches('^(cat|dog)s?$', ['cat', 'dogs'], ['cow', 'cats!']);
    expectMatches('^(?:ab|cd)+$', ['abcdab'], ['abc']);
    expectMatches('^(?P<x>a)(?<y>b)$', ['ab'], ['a']);
    expectMatches('a|', ['', 'zzz'], []);
    expectMatches('^(|a)$', ['', 'a'], ['aa']);
  });

  it('handles quantifiers, lazy or not', () => {
    expectMatches('^a*$', ['', 'aaaa'], ['ab']);
    expectMatches('^a+$', ['a', 'aaa'], ['']);
    expectMatches('^ab?c$', ['ac', 'abc'], ['abbc']);
    expectMatches('^a{3}$', ['aaa'], ['aa', 'aaaa']);
    expectMatches('^a{2,}$', ['aa', 'aaaaaa'], ['a']);
    expectMatches('^a{2,3}$', ['aa', 'aaa'], ['a', 'aaaa']);
    expectMatches('^a{0}b$', ['b'], ['ab']);
    expectMatches('^a*?b+?c??d{1,2}?$', ['bd', 'aabbcdd'], ['abcddd']);
    expectMatches('^(ab){2,3}$', ['abab', 'ababab'], ['ab', 'abababab']);
    expectMatches('a{,2}', ['a{,2}'], ['aa']); // not a repetition in RE2: literal text
    expectMatches('^x{1000}$', ['x'.repeat(1000)], ['x'.repeat(999), 'x'.repeat(1001)]);
  });

  it('handles anchors and word boundaries', () => {
    expectMatches('^abc', ['abcd'], ['xabc']);
    expectMatches('abc$', ['xabc'], ['abcx', 'abc\n']);
    expectMatches('\\Aabc\\z', ['abc'], ['abc\n', ' abc']);
    expectMatches('(?m)^b$', ['a\nb\nc', 'b'], ['ab\nc']);
    expectMatches('\\bnc\\b', ['nc -e', 'x nc'], ['ncat', 'rsync']);
    expectMatches('a\\B', ['ab'], ['a', 'a b']);
    expectMatches('^*a', ['a', 'ba'], ['b']); // ^ repeated zero times is allowed (RE2)
  });

  it('handles (?i) and (?i:...)', () => {
    expectMatches('(?i)nc(at)? -e', ['NC -e', 'Ncat -E', 'ncat -e'], ['nca -e']);
    expectMatches('a(?i:b)c', ['aBc', 'abc'], ['ABC', 'abC']);
    expectMatches('(?i)[a-c]+', ['ABC'], ['xyz']);
    expectMatches('(?i)[^a]', ['b'], ['a', 'A']);
    expectMatches('(?i)k', ['k', 'K', '\u212a'], ['x']);
    expectMatches('(?i)s', ['\u017f'], ['x']);
    expectMatches('(?i)é', ['É'], ['e']);
    expectMatches('(?i)\\W', ['-'], ['\u017f', '\u212a', 'a']);
    expectMatches('(?i)a(?-i)b', ['Ab'], ['AB']);
    expectMatches('(?i)\\x{3c3}', ['Σ', 'ς'], ['s']);
  });

  it('handles text outside the Basic Multilingual Plane as code points', () => {
    expectMatches('^.{2}$', ['😀😀', 'ab'], ['😀']);
    expectMatches('^[^a]$', ['😀'], []);
    expectMatches('😀+x', ['a😀😀x'], ['😀']);
  });
});

describe('linear pattern engine: unsupported and invalid syntax', () => {
  it('rejects backreferences', () => {
    expectError('(a)\\1', 3, /backreference/);
    expectError('(?P<n>a)(?P=n)', 8, /backreference/);
    expectError('(?<n>a)\\k<n>', 7, /backreference/);
  });
  it('rejects lookaround', () => {
    expectError('a(?=b)', 1, /lookahead/);
    expectError('a(?!b)', 1, /lookahead/);
    expectError('(?<=a)b', 0, /lookbehind/);
    expectError('x(?<!a)b', 1, /lookbehind/);
  });
  it('rejects possessive and doubled quantifiers', () => {
    expectError('a++', 2, /possessive/);
    expectError('a*+', 2, /possessive/);
    expectError('ab{2}+', 5, /possessive/);
    expectError('a**', 2, /bad repetition operator/);
    expectError('a*?+', 3, /bad repetition operator/);
    expectError('a{2}{3}', 4, /bad repetition operator/);
  });
  it('rejects repetition counts above 1000', () => {
    expectError('a{1001}', 1, /repetition size/);
    expectError('xa{1,1001}', 2, /repetition size/);
    expectError('a{1001,}', 1, /repetition size/);
    expectError('a{3,2}', 1, /repetition size/);
    expectError('((a{3}){500})', 7, /nested/);
  });
  it('rejects missing arguments and unbalanced brackets', () => {
    expectError('*a', 0, /missing argument/);
    expectError('a|+', 2, /missing argument/);
    expectError('(?i)*', 4, /missing argument/);
    expectError('{2}', 0, /missing argument/);
    expectError('(ab', 0, /missing closing '\)'/);
    expectError('ab)', 2, /unexpected '\)'/);
    expectError('x[ab', 1, /missing closing '\]'/);
    expectError('[]', 0, /missing closing '\]'/);
  });
  it('rejects bad escapes and classes', () => {
    expectError('ab\\', 2, /trailing backslash/);
    expectError('\\q', 0, /invalid escape/);
    expectError('\\pL', 0, /Unicode character classes/);
    expectError('a\\Z', 1, /\\Z/);
    expectError('\\u0041', 0, /\\u/);
    expectError('\\x4', 0, /\\x/);
    expectError('\\x{110000}', 0, /invalid escape/);
    expectError('[z-a]', 1, /range/);
    expectError('[a-\\d]', 3, /not allowed/);
    expectError('[\\b]', 1, /not allowed/);
    expectError('[[:foo:]]', 1, /POSIX/);
  });
  it('rejects unsupported groups and flags', () => {
    expectError('(?>a)', 0, /atomic/);
    expectError('(?#c)', 0, /comment/);
    expectError('(?x)a', 2, /flag/);
    expectError('(?i-)a', 0, /'-' must be followed/);
    expectError('(?P<>a)', 0, /named capture/);
    expectError('(?P<n>a)(?P<n>b)', 8, /duplicate/);
  });
  it('rejects patterns that expand too much', () => {
    expectError('(?:[a-z]{1000})'.repeat(21), 0, /too large/);
  });
  it('names the position in the message', () => {
    assert.throws(() => linearPatternEngine.compile('ab(?=c)'), /position 2/);
  });
});

describe('linear pattern engine: hostile patterns finish', () => {
  const as = 'a'.repeat(100_000);
  const cases: [string, string, boolean][] = [
    ['(a+)+b', as, false],
    ['(a+)+b', as + 'b', true],
    ['(a|a)*c', as, false],
    ['(.*)*x', as, false],
    ['(.*)*x', as + 'x', true],
    ['(x+x+)+y', 'x'.repeat(100_000), false],
    ['(a+)+$', as + '!', false],
    ['^(a?){50}a{50}$', 'a'.repeat(50), true],
    ['a[ab]{20}c', 'ab'.repeat(50_000), false],
    ['(?i)(\\w+\\s?)+\\d', 'word '.repeat(20_000), false],
  ];
  for (const [pattern, text, expected] of cases) {
    it(`${pattern} over ${text.length} characters`, () => {
      assert.equal(matches(pattern, text), expected);
    });
  }

  it('scans a 100 KB audit event', () => {
    const event = JSON.stringify({
      kind: 'Event',
      objectRef: { resource: 'cronjobs', namespace: 'prod' },
      requestObject: { spec: { containers: Array.from({ length: 400 }, (_, i) => ({ name: `c${i}`, image: `registry.example.com/team/app-${i}:1.2.${i}`, command: ['sh', '-c', `echo ${i} && sleep 3600`] })) } },
    }).padEnd(100_000, ' ');
    assert.equal(matches('stratum\\+tcp://|xmrig', event), false);
    assert.equal(matches('stratum\\+tcp://|xmrig', event + 'xmrig'), true);
    assert.equal(matches('(?i)nc(at)? -e', event), false);
    assert.equal(matches('[a-z0-9]{32,}', event), false);
    assert.equal(matches('app-399:1\\.2\\.399', event), true);
  });
});
