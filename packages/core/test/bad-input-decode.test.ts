/** decodeText: the bytes every host reads become trusted text, or a clear reason why not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeText } from '../src/index.js';

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

  it('a NUL byte is an error at its line, as kubectl refuses control characters; a binary file says so', () => {
    assert.deepEqual(decode(utf8('abc\ndef'), [0, 1, 2]), {
      error: 'binary file (a NUL byte) at line 2; Kubernetes refuses files with control characters',
      offset: 7,
      line: 2,
    });
    const late = decode(utf8('# ' + 'x'.repeat(9000) + '\nkind: Job\n'), [0], utf8('\n'));
    assert.deepEqual(late, { error: 'a NUL character at line 3; Kubernetes refuses files with control characters', offset: 9013, line: 3 });
  });

  it('invalid UTF-8 becomes U+FFFD, one per invalid byte as Go reads it (kubectl sends the same)', () => {
    assert.deepEqual(decode(utf8('name: caf'), [0xe9], utf8('\n')), { text: 'name: caf\ufffd\n' });
    // A sequence cut short: Go replaces each byte, where TextDecoder would replace the pair once.
    assert.deepEqual(decode(utf8('a: '), [0xe2, 0x82], utf8('x')), { text: 'a: \ufffd\ufffdx' });
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]]) {
      assert.deepEqual(decode(utf8('ok: '), bad), { text: 'ok: ' + '\ufffd'.repeat(bad.length) }, bad.join(','));
    }
  });

  it('UTF-16 with a byte order mark is transcoded, little- and big-endian', () => {
    const text = 'kind: Job # caf\u00e9 \u2603\n';
    const units = [...text].map((char) => char.charCodeAt(0));
    assert.deepEqual(decode([0xff, 0xfe], units.flatMap((unit) => [unit & 0xff, unit >> 8])), { text });
    assert.deepEqual(decode([0xfe, 0xff], units.flatMap((unit) => [unit >> 8, unit & 0xff])), { text });
  });

  it('UTF-16 without a byte order mark is not text kubectl reads: its NUL bytes are refused', () => {
    const decoded = decode(utf8('kind').flatMap((byte) => [byte, 0]));
    assert.ok('error' in decoded && /NUL/.test(decoded.error));
  });

  it('agrees with TextDecoder on valid input of every UTF-8 length', () => {
    const sample = 'ascii é ß ǅ € ✓ 𝄞 😀 \u{10FFFF}';
    assert.deepEqual(decode(utf8(sample)), { text: new TextDecoder().decode(new Uint8Array(utf8(sample))) });
  });
});
