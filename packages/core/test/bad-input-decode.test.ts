/** decodeText: the bytes every host reads become trusted text, or a clear reason why not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, decodeText } from '../src/index.js';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
const decode = (...bytes: number[][]): ReturnType<typeof decodeText> => decodeText(new Uint8Array(bytes.flat()));

describe('decodeText', () => {
  it('decodes UTF-8, multi-byte characters included', () => {
    assert.deepEqual(decode(utf8('name: café 🚀 日本\n')), { text: 'name: café 🚀 日本\n' });
  });

  it('strips a UTF-8 byte order mark, so line 1 columns match what editors show', () => {
    const decoded = decode([0xef, 0xbb, 0xbf], utf8('kind: Job\n'));
    assert.deepEqual(decoded, { text: 'kind: Job\n' });
  });

  it('an empty file is empty text', () => {
    assert.deepEqual(decode([]), { text: '' });
  });

  it('a NUL byte in the first 8 KB means a binary file, skipped', () => {
    assert.deepEqual(decode(utf8('abc\ndef'), [0, 1, 2]), { error: 'binary file, skipped', offset: 7, line: 2 });
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d];
    assert.equal((decode(png) as { error: string }).error, 'binary file, skipped');
  });

  it('a NUL after the first 8 KB is not a binary file; the YAML parser reports it with its line', () => {
    const decoded = decode(utf8('# ' + 'x'.repeat(9000) + '\nkind: Job\n'), [0], utf8('\n'));
    assert.ok('text' in decoded);
    const result = analyseManifest(decoded.text, 'late-nul.yaml');
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0].message, /null byte/);
  });

  it('invalid UTF-8 (Latin-1 text) names the line and byte', () => {
    const decoded = decode(utf8('kind: Job\nmetadata:\n  name: caf'), [0xe9], utf8('\n'));
    assert.deepEqual(decoded, {
      error: 'not valid UTF-8: byte 0xe9 at line 3 (byte offset 31); save the file as UTF-8',
      offset: 31,
      line: 3,
    });
  });

  it('a multi-byte character cut off by the end of the file', () => {
    const decoded = decode(utf8('a: b\nc: '), [0xe2, 0x82]);
    assert.deepEqual(decoded, {
      error: 'not valid UTF-8: a character cut off by the end of the file at line 2 (byte offset 8); save the file as UTF-8',
      offset: 8,
      line: 2,
    });
  });

  it('rejects overlong forms, UTF-16 surrogates and code points above U+10FFFF', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]) {
      const decoded = decode(utf8('ok: 1\n'), bad);
      assert.ok('error' in decoded, bad.join(','));
      assert.equal(decoded.offset, 6);
      assert.equal(decoded.line, 2);
    }
  });

  it('a UTF-16 file is named as such rather than called binary', () => {
    const utf16 = [0xff, 0xfe, ...utf8('k').flatMap((byte) => [byte, 0])];
    assert.deepEqual(decode(utf16), { error: 'UTF-16 encoded file, skipped; save it as UTF-8', offset: 0, line: 1 });
  });

  it('agrees with TextDecoder on valid input of every UTF-8 length', () => {
    const sample = 'ascii é ß ǅ € ✓ 𝄞 😀 \u{10FFFF}';
    assert.deepEqual(decode(utf8(sample)), { text: new TextDecoder().decode(new Uint8Array(utf8(sample))) });
  });
});
