/**
 * Turns a file's bytes into text the analysers can trust, or says why it cannot.
 * Hosts read bytes (files, stdin, editor buffers saved by other tools); every host decodes the same way.
 */
export type DecodedText =
  | { text: string }
  | {
      error: string;
      /** 0-based byte offset of the problem, when there is one place to point at. */
      offset?: number;
      /** 1-based line of that byte. */
      line?: number;
    };

/** Git and most editors look this far for a NUL byte to call a file binary. */
const BINARY_PROBE_BYTES = 8192;

export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) {
    return { error: 'UTF-16 encoded file, skipped; save it as UTF-8', offset: 0, line: 1 };
  }
  const nul = bytes.subarray(0, BINARY_PROBE_BYTES).indexOf(0);
  if (nul !== -1) return { error: 'binary file, skipped', offset: nul, line: lineOf(bytes, nul) };
  const bad = findInvalidUtf8(bytes);
  if (bad) {
    const line = lineOf(bytes, bad.offset);
    const what = bad.truncated ? 'a character cut off by the end of the file' : `byte 0x${bytes[bad.offset].toString(16).padStart(2, '0')}`;
    return { error: `not valid UTF-8: ${what} at line ${line} (byte offset ${bad.offset}); save the file as UTF-8`, offset: bad.offset, line };
  }
  // TextDecoder exists in every runtime the core targets; the default (ignoreBOM: false) drops a UTF-8 BOM.
  return { text: new TextDecoder('utf-8').decode(bytes) };
}

function startsWith(bytes: Uint8Array, first: number, second: number): boolean {
  return bytes.length >= 2 && bytes[0] === first && bytes[1] === second;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

/**
 * The first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * or undefined when the whole input is valid. `truncated`: a multi-byte character the input ends inside.
 */
export function findInvalidUtf8(bytes: Uint8Array): { offset: number; truncated: boolean } | undefined {
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return { offset: i, truncated: false };
    for (let k = 1; k <= needed; k++) {
      if (i + k >= length) return { offset: i, truncated: true };
      const next = bytes[i + k];
      if (next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return { offset: i, truncated: false };
    }
    i += needed + 1;
  }
  return undefined;
}
