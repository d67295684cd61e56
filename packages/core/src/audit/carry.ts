import { concat, copyOf } from './input.js';

/**
 * The start of a record cut off by the end of a chunk, kept until the rest arrives. Capped: once the
 * record outgrows `limit`, its bytes are dropped as they come, and `take` reports it too long, so one
 * endless line costs no memory. Line and CSV readers share it.
 */
export class Carry {
  private parts: Uint8Array[] = [];
  private size = 0;
  private oversized = false;

  constructor(private readonly limit: number) {}

  /** Whether a record is held (or was dropped for its size) and waits for its end. */
  get pending(): boolean {
    return this.size > 0 || this.oversized;
  }

  /** Keeps `tail`, the start of a record the next chunk ends. */
  hold(tail: Uint8Array): void {
    if (this.oversized) return;
    if (this.size + tail.length > this.limit) {
      this.oversized = true;
      this.parts = [];
      this.size = 0;
      return;
    }
    // The chunk may be reused by its producer once handed back: keep a copy.
    this.parts.push(copyOf(tail));
    this.size += tail.length;
  }

  /**
   * The whole record: what was held, then `head` (its end, from the chunk in hand); undefined when it
   * is longer than the limit. The carry is empty afterwards.
   */
  take(head: Uint8Array): Uint8Array | undefined {
    if (!this.pending) return head.length > this.limit ? undefined : head;
    const record = this.oversized || this.size + head.length > this.limit ? undefined : concat([...this.parts, head]);
    this.parts = [];
    this.size = 0;
    this.oversized = false;
    return record;
  }
}
