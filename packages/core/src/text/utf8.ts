/**
 * UTF-8 as Go reads it: every byte that does not start a valid sequence becomes one U+FFFD.
 * TextDecoder replaces a broken sequence as a whole ("maximal subpart"), so `E2 82` would be one
 * U+FFFD there and two in what kubectl sends; the manifest decoder and `!!binary` values follow Go.
 */
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8Lossy(bytes: Uint8Array): string {
  // Valid input, by far the usual case, takes the native decoder.
  try {
    return STRICT.decode(bytes);
  } catch {
    return decodeGoStyle(bytes);
  }
}

function decodeGoStyle(bytes: Uint8Array): string {
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const size = validSequenceLength(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    if (i > runStart) parts.push(STRICT.decode(bytes.subarray(runStart, i)));
    parts.push('\ufffd');
    i += 1;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(STRICT.decode(bytes.subarray(runStart)));
  return parts.join('');
}

/** Length of the valid UTF-8 sequence at `i` (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
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
  } else return 0;
  for (let k = 1; k <= needed; k++) {
    if (i + k >= bytes.length) return 0;
    const next = bytes[i + k];
    if (next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return 0;
  }
  return needed + 1;
}
