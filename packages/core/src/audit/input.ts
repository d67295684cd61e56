/**
 * The bytes of an audit log, from any web stream: gzip found by its magic bytes and inflated member by
 * member (gunzip.ts), small chunks merged into large ones (per-chunk work dominates otherwise),
 * progress and cancellation handled here so the record readers see plain byte chunks.
 */
import { gunzipMembers } from './gunzip.js';
import { InputError } from './input-error.js';

export { InputError };

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
/** Chunks smaller than this are merged (the inflater yields 64 KB pieces). */
const MIN_CHUNK = 1 << 20;

export interface InputOptions {
  signal?: AbortSignal;
  onProgress?(bytesRead: number): void;
}

export async function* inputChunks(stream: ReadableStream<Uint8Array>, options: InputOptions): AsyncGenerator<Uint8Array> {
  const raw = stream.getReader();
  let bytesRead = 0;
  const readRaw = async (): Promise<Uint8Array | undefined> => {
    options.signal?.throwIfAborted();
    const { done, value } = await raw.read();
    if (done) return undefined;
    bytesRead += value.byteLength;
    options.onProgress?.(bytesRead);
    return value;
  };

  try {
    // Two bytes tell gzip apart; a stream may hand them over one at a time.
    let head: Uint8Array = new Uint8Array(0);
    while (head.length < 2) {
      const chunk = await readRaw();
      if (!chunk) break;
      head = concat([head, chunk]);
    }
    if (head.length === 0) return;
    const source = isGzip(head) ? gunzipMembers(head, readRaw) : passThrough(head, readRaw);
    yield* coalesce(source, options.signal);
  } finally {
    // Also when the consumer stopped early: the source need not be read on.
    await raw.cancel(options.signal?.reason).catch(() => undefined);
  }
}

async function* passThrough(head: Uint8Array, read: () => Promise<Uint8Array | undefined>): AsyncGenerator<Uint8Array> {
  yield head;
  for (let chunk = await read(); chunk; chunk = await read()) yield chunk;
}

async function* coalesce(source: AsyncGenerator<Uint8Array>, signal: AbortSignal | undefined): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      signal?.throwIfAborted();
      if (pending.length === 0 && chunk.length >= MIN_CHUNK) {
        yield chunk;
        continue;
      }
      pending.push(chunk);
      size += chunk.length;
      if (size >= MIN_CHUNK) {
        yield concat(pending);
        pending = [];
        size = 0;
      }
    }
  } finally {
    // Also when the source failed (a truncated gzip): what arrived before is still read.
    if (size > 0 && !signal?.aborted) yield concat(pending);
  }
}

/**
 * A copy a reader can keep after the chunk goes back to its producer. Not `slice()`: on a Node Buffer
 * (what Node hosts pass, often reused for the next read) that is a view of the same memory.
 */
export function copyOf(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/** Whether bytes start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}
