import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ByteSearch } from '@jobsentinel/core';
import type { Io, Output } from '../io.js';

/**
 * 1 MB reads: measured on a 320 MB log, 4 MB chunks cost the same CPU but kept ~25 MB more resident
 * (freed chunks wait for a collection), and smaller ones add per-chunk work.
 */
const CHUNK_BYTES = 1 << 20;

/**
 * Node's Buffer search is vectorised (memchr and friends); the core's portable one is a plain loop.
 * The view over a chunk is made once per chunk, not per search.
 */
export function nodeByteSearch(): ByteSearch {
  let chunk: Uint8Array | undefined;
  let view: Buffer = Buffer.alloc(0);
  const viewOf = (haystack: Uint8Array): Buffer => {
    if (haystack !== chunk) {
      chunk = haystack;
      view = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
    }
    return view;
  };
  return {
    indexOfByte: (haystack, byte, from) => viewOf(haystack).indexOf(byte, from),
    indexOf: (haystack, needle, from) => viewOf(haystack).indexOf(needle, from),
  };
}

export interface OpenedLog {
  stream: ReadableStream<Uint8Array>;
  /** Bytes on disk, when known (for the progress bar). */
  size: number | undefined;
}

/** Opens a log file as a web stream of large chunks; throws the system error when it cannot be opened. */
export async function openLogFile(path: string): Promise<OpenedLog> {
  const handle = await open(path, 'r');
  let size: number | undefined;
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = stats.isFile() ? stats.size : undefined;
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { stream: handleStream(handle), size };
}

function handleStream(handle: FileHandle): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        // Fresh, unzeroed memory for each chunk: the scan may keep a view of it after the next read.
        const buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) {
          await handle.close();
          controller.close();
        } else controller.enqueue(bytesRead < CHUNK_BYTES ? buffer.subarray(0, bytesRead) : buffer);
      },
      async cancel() {
        await handle.close();
      },
    },
    // Two chunks read ahead: the disk read runs on libuv's thread pool while the scan works.
    { highWaterMark: 2 },
  );
}

/** Standard input as a web stream; a host (or a test) may supply its own through `Io`. */
export function stdinStream(io: Io): ReadableStream<Uint8Array> {
  const supplied = (io as Io & { stdinStream?: () => ReadableStream<Uint8Array> }).stdinStream;
  return supplied ? supplied() : (Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>);
}

/** Logs smaller than this are read before a bar would be worth drawing. */
export const PROGRESS_MIN_BYTES = 8 << 20;
const WIDTH = 30;
const REDRAW_MS = 100;

/** `[#########.....]  48%  152/320 MB  410 MB/s  audit.log` on a terminal's stderr, redrawn in place. */
export class ProgressBar {
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly out: Output,
    private readonly total: number,
    private readonly label: string,
  ) {}

  update(bytes: number): void {
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const fraction = Math.min(1, bytes / this.total);
    const filled = Math.round(fraction * WIDTH);
    const rate = bytes / 1e6 / Math.max(0.001, (now - this.started) / 1000);
    this.out.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ` +
        `${Math.round(bytes / 1e6)}/${Math.round(this.total / 1e6)} MB  ${Math.round(rate)} MB/s  ${this.label}`,
    );
    this.drawn = true;
  }

  clear(): void {
    if (this.drawn) this.out.write('\r\u001b[2K');
  }
}
