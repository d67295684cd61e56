/**
 * Turns a file's bytes into the text kubectl would read, or says why kubectl would refuse it.
 * Hosts read bytes (files, stdin, editor buffers saved by other tools); every host decodes the same way.
 *
 * kubectl reads a manifest through a byte-order-mark sniffer: a UTF-16LE or UTF-16BE mark switches to
 * UTF-16, a UTF-8 mark is dropped, anything else is UTF-8 where each invalid byte becomes U+FFFD. So a
 * Latin-1 byte is no reason to stop reading: the object kubectl sends holds U+FFFD there, and so does ours.
 */
import { decodeUtf8Lossy } from './utf8.js';

export type DecodedText =
  | { text: string }
  | {
      error: string;
      /** 0-based byte offset of the problem, when there is one place to point at. */
      offset?: number;
      /** 1-based line of that byte. */
      line?: number;
    };

export function decodeText(bytes: Uint8Array): DecodedText {
  const text = transcode(bytes);
  // YAML refuses control characters, and JSON refuses them outside strings; a NUL is where a binary
  // file gives itself away. kubectl refuses the whole file, so this is an error rather than a note.
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = lineOf(text, nul);
    const what = looksBinary(bytes) ? 'binary file (a NUL byte)' : 'a NUL character';
    return { error: `${what} at line ${line}; Kubernetes refuses files with control characters`, offset: nul, line };
  }
  return { text };
}

function transcode(bytes: Uint8Array): string {
  if (startsWith(bytes, 0xff, 0xfe)) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, 0xfe, 0xff)) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  return decodeUtf8Lossy(body);
}

function startsWith(bytes: Uint8Array, first: number, second: number): boolean {
  return bytes.length >= 2 && bytes[0] === first && bytes[1] === second;
}

/** Git and most editors look this far for a NUL byte to call a file binary. */
const BINARY_PROBE_BYTES = 8192;

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_PROBE_BYTES).indexOf(0) !== -1 && !startsWith(bytes, 0xff, 0xfe) && !startsWith(bytes, 0xfe, 0xff);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
