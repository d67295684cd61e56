/**
 * Decoders for the encodings droppers wrap their payloads in: base64, base32, hex (`xxd -r -p`), the
 * escapes of printf and `echo -e`, `rev`, and `tr` letter rotations. Each returns undefined for text that
 * is not in its encoding; none throws. Output is bounded (MAX_DECODED) so a hostile literal stays cheap.
 */

/** Longest decoded text kept: more than any dropper one-liner, little enough to analyse again. */
export const MAX_DECODED = 65_536;

const utf8 = new TextDecoder('utf-8');
const utf16 = new TextDecoder('utf-16le');

/** Bytes as text: UTF-8, or UTF-16LE when every other byte is zero (PowerShell's -EncodedCommand). */
function bytesToText(bytes: Uint8Array): string {
  const wide = bytes.length >= 2 && bytes.length % 2 === 0 && bytes.every((byte, index) => index % 2 === 0 || byte === 0);
  return (wide ? utf16 : utf8).decode(bytes).slice(0, MAX_DECODED);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function decodeBase64(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (clean === '' || !/^[A-Za-z0-9+/]+$/.test(clean) || clean.length % 4 === 1) return undefined;
  return bytesToText(decodeBits(clean, BASE64_ALPHABET, 6));
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function decodeBase32(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '').replace(/=+$/, '').toUpperCase();
  if (clean === '' || !/^[A-Z2-7]+$/.test(clean)) return undefined;
  return bytesToText(decodeBits(clean, BASE32_ALPHABET, 5));
}

function decodeBits(clean: string, alphabet: string, width: number): Uint8Array {
  const limit = Math.min(clean.length, Math.ceil((MAX_DECODED * 8) / width));
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let index = 0; index < limit; index++) {
    buffer = ((buffer << width) | alphabet.indexOf(clean[index])) & 0xffff;
    bits += width;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** Plain hex (`xxd -r -p`, `xxd -r -ps`): pairs of hex digits, whitespace ignored. */
export function decodeHex(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '');
  if (clean === '' || clean.length % 2 === 1 || !/^[0-9a-fA-F]+$/.test(clean)) return undefined;
  const bytes = new Uint8Array(Math.min(clean.length / 2, MAX_DECODED));
  for (let index = 0; index < bytes.length; index++) bytes[index] = parseInt(clean.slice(index * 2, index * 2 + 2), 16);
  return bytesToText(bytes);
}

const C_ESCAPES = new Map([['n', '\n'], ['t', '\t'], ['r', '\r'], ['a', '\x07'], ['b', '\b'], ['f', '\f'], ['v', '\v'], ['e', '\x1b'], ['\\', '\\']]);

/** The backslash escapes printf's format and `%b`, and `echo -e`, understand: `\x63`, `\143`, `\0143`, `\n`. */
export function decodeEscapes(text: string): string {
  return text.slice(0, MAX_DECODED * 4).replace(/\\(x[0-9a-fA-F]{1,2}|0?[0-7]{1,3}|u[0-9a-fA-F]{1,4}|.)/gs, (escape: string, body: string) => {
    if (body[0] === 'x' || body[0] === 'u') return String.fromCharCode(parseInt(body.slice(1), 16));
    if (/^[0-7]/.test(body)) return String.fromCharCode(parseInt(body, 8) & 0xff);
    return C_ESCAPES.get(body) ?? escape;
  });
}

/** Text holds escapes that spell characters (`\x63`, `\143`): what printf obfuscation looks like. */
export function spellsCharacters(text: string): boolean {
  return /\\(x[0-9a-fA-F]|[0-7]{2,3}|u[0-9a-fA-F]{2})/.test(text);
}

/** `rev`: every line reversed. */
export function reverseLines(text: string): string {
  return text
    .slice(0, MAX_DECODED)
    .split('\n')
    .map((line) => [...line].reverse().join(''))
    .join('\n');
}

/** `tr SET1 SET2` over plain letters and ranges (`'A-Za-z' 'N-ZA-Mn-za-m'`, rot13). Undefined for sets it cannot read. */
export function translate(text: string, from: string, to: string): string | undefined {
  const source = expandSet(from);
  const target = expandSet(to);
  if (!source || !target || target.length === 0) return undefined;
  const table = new Map<string, string>();
  source.forEach((char, index) => table.set(char, target[Math.min(index, target.length - 1)]));
  return [...text.slice(0, MAX_DECODED)].map((char) => table.get(char) ?? char).join('');
}

function expandSet(set: string): string[] | undefined {
  if (set.includes('[') || set.includes('\\') || set.length > 256) return undefined;
  const chars: string[] = [];
  for (let index = 0; index < set.length; index++) {
    if (set[index + 1] === '-' && index + 2 < set.length) {
      const first = set.charCodeAt(index);
      const last = set.charCodeAt(index + 2);
      if (last < first) return undefined;
      for (let code = first; code <= last; code++) chars.push(String.fromCharCode(code));
      index += 2;
    } else {
      chars.push(set[index]);
    }
  }
  return chars;
}
