/**
 * Searching raw bytes, the hot loop of an audit scan: most records are ruled out by a byte search
 * before anything is decoded. The portable default uses `Uint8Array.prototype.indexOf`; a host with
 * a vectorised search (Node's Buffer) can pass its own through the scan options.
 */
export interface ByteSearch {
  /** Index of the first `byte` in `haystack` at or after `from`, or -1. */
  indexOfByte(haystack: Uint8Array, byte: number, from: number): number;
  /** Index of the first occurrence of `needle` in `haystack` at or after `from`, or -1. */
  indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number;
}

export const portableByteSearch: ByteSearch = {
  indexOfByte(haystack, byte, from) {
    return haystack.indexOf(byte, from);
  },
  indexOf(haystack, needle, from) {
    const first = needle[0];
    const last = haystack.length - needle.length;
    for (let at = haystack.indexOf(first, from); at !== -1 && at <= last; at = haystack.indexOf(first, at + 1)) {
      let k = 1;
      while (k < needle.length && haystack[at + k] === needle[k]) k++;
      if (k === needle.length) return at;
    }
    return -1;
  },
};

export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}
