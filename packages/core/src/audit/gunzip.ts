import { InflateError, RawInflater } from './inflate-raw.js';
import { InputError } from './input-error.js';

const FLAG_HCRC = 2;
const FLAG_EXTRA = 4;
const FLAG_NAME = 8;
const FLAG_COMMENT = 16;
const TRAILER = 8;

/**
 * gzip as `gzip -d` reads it, in plain JavaScript (browsers, workers, the VS Code web host): member
 * after member (`cat a.gz b.gz` is one log), zero padding after the last member ignored, and other bytes
 * after it reported (as an InputError, once every record before them has been delivered), never lost
 * with the output near them. Each member's header is read here, its deflate data by RawInflater (which
 * says where the data ends), then its trailer, whose length field is checked.
 */
export async function* gunzipMembers(head: Uint8Array, read: () => Promise<Uint8Array | undefined>): AsyncGenerator<Uint8Array> {
  let pending = head;
  let offset = 0;
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const chunk = await read();
    if (!chunk) {
      ended = true;
      return false;
    }
    pending = pending.length === 0 ? chunk : join(pending, chunk);
    return true;
  };
  const take = (bytes: number) => {
    pending = pending.subarray(bytes);
    offset += bytes;
  };

  for (let member = 0; ; member++) {
    while (pending.length === 0) if (!(await more())) return;
    let header: number | 'short' | 'invalid';
    while ((header = headerLength(pending)) === 'short') if (!(await more())) break;
    if (header === 'short' || header === 'invalid') {
      if (member === 0) throw new InputError('the gzip header is corrupt; nothing could be read');
      // Bytes after the last member: zeros are padding (gzip ignores them too); anything else is reported.
      let size = 0;
      let zeros = true;
      do {
        size += pending.length;
        zeros &&= pending.every((byte) => byte === 0);
        pending = new Uint8Array(0);
      } while (await more());
      if (zeros) return;
      throw new InputError(
        `${size} bytes after the end of the gzip data (from byte ${offset}) are not gzip and were not read ` +
          '(gzip -d reports them as trailing garbage); every record before them was read',
      );
    }
    take(header);
    const inflater = new RawInflater();
    let produced = 0;
    try {
      let chunk = pending;
      pending = new Uint8Array(0);
      while (true) {
        for (const piece of inflater.push(chunk)) {
          produced += piece.length;
          yield piece;
        }
        if (inflater.done) break;
        const next = await read();
        if (!next) {
          ended = true;
          for (const piece of inflater.end()) {
            produced += piece.length;
            yield piece;
          }
          break;
        }
        offset += chunk.length;
        chunk = next;
      }
      offset += chunk.length - inflater.rest.length;
    } catch (error) {
      if (error instanceof InflateError) {
        throw new InputError(error.truncated ? 'the gzip data is truncated (it ends inside a member); results up to that point are kept' : `the gzip data is corrupt (${error.message}); results up to that point are kept`);
      }
      throw error;
    }
    pending = inflater.rest;
    while (pending.length < TRAILER) if (!(await more())) throw new InputError('the gzip data is truncated (its trailer is missing); results up to that point are kept');
    const size = (pending[4] | (pending[5] << 8) | (pending[6] << 16) | (pending[7] << 24)) >>> 0;
    if (size !== produced % 2 ** 32) throw new InputError(`the gzip data is corrupt (a member holds ${produced} bytes, its trailer says ${size}); results up to that point are kept`);
    take(TRAILER);
  }
}

/** The length of the gzip member header at the start of `bytes`, 'short' if more bytes are needed, 'invalid' if it is none. */
function headerLength(bytes: Uint8Array): number | 'short' | 'invalid' {
  if (bytes.length >= 1 && bytes[0] !== 0x1f) return 'invalid';
  if (bytes.length >= 2 && bytes[1] !== 0x8b) return 'invalid';
  if (bytes.length >= 3 && bytes[2] !== 8) return 'invalid';
  if (bytes.length < 10) return 'short';
  const flags = bytes[3];
  let at = 10;
  if (flags & FLAG_EXTRA) {
    if (bytes.length < at + 2) return 'short';
    at += 2 + (bytes[at] | (bytes[at + 1] << 8));
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    while (at < bytes.length && bytes[at] !== 0) at++;
    if (at >= bytes.length) return 'short';
    at++;
  }
  if (flags & FLAG_HCRC) at += 2;
  return at <= bytes.length ? at : 'short';
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
