/**
 * DEFLATE (RFC 1951) decoding in plain JavaScript, fed in chunks of any size, that says where the
 * compressed data ended. The platform's DecompressionStream cannot say that: it fails on any byte after
 * the end and drops the output of the write that held them, so the last records before trailing bytes
 * are lost, and browsers stop at the first member of a multi-member gzip file. Knowing the end is what
 * lets gunzip.ts read gzip member by member, as `gzip -d` does, without Node's zlib.
 */

const MAX_BITS = 15;
const TABLE_SIZE = 1 << MAX_BITS;
const WINDOW = 1 << 15;
const OUTPUT_CHUNK = 1 << 16;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists its code-length code lengths. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

export class InflateError extends Error {
  /** The input ended inside the stream (not corrupt as far as it goes). */
  readonly truncated = this.message === CUT_OFF;
}

const CUT_OFF = 'the deflate data is cut off';

/**
 * A decoding table indexed by the next 15 input bits (deflate packs codes from their first bit up, so
 * the index is the code reversed): each entry is `symbol << 4 | code length`, 0 for no code.
 */
function buildTable(lengths: ArrayLike<number>, count: number, table: Int32Array): void {
  const perLength = new Uint16Array(MAX_BITS + 1);
  for (let symbol = 0; symbol < count; symbol++) perLength[lengths[symbol]]++;
  perLength[0] = 0;
  const next = new Uint16Array(MAX_BITS + 1);
  let code = 0;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    code = (code + perLength[bits - 1]) << 1;
    next[bits] = code;
  }
  table.fill(0);
  for (let symbol = 0; symbol < count; symbol++) {
    const length = lengths[symbol];
    if (length === 0) continue;
    const assigned = next[length]++;
    if (assigned >= 1 << length) throw new InflateError('invalid Huffman code lengths');
    let reversed = 0;
    for (let bit = 0; bit < length; bit++) reversed |= ((assigned >> bit) & 1) << (length - 1 - bit);
    const entry = (symbol << 4) | length;
    for (let index = reversed; index < TABLE_SIZE; index += 1 << length) table[index] = entry;
  }
}

const FIXED_LITERALS = new Int32Array(TABLE_SIZE);
const FIXED_DISTANCES = new Int32Array(TABLE_SIZE);
{
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  buildTable(lengths, 288, FIXED_LITERALS);
  buildTable(new Uint8Array(30).fill(5), 30, FIXED_DISTANCES);
}

/**
 * One raw deflate stream. `push` it input; it returns the output decoded so far. Once the final block
 * has ended, `done` is true and `rest` holds the input bytes after the stream (a gzip trailer, the
 * next member, trailing bytes). `end` says the input is over: an unfinished stream is an error.
 */
export class RawInflater {
  done = false;
  rest: Uint8Array = new Uint8Array(0);
  private readonly output: Uint8Array[] = [];
  private readonly decoder: Generator<undefined, void, Uint8Array | null>;

  constructor() {
    this.decoder = this.decode();
    this.decoder.next();
  }

  push(chunk: Uint8Array): Uint8Array[] {
    if (!this.done && chunk.length > 0) this.decoder.next(chunk);
    return this.output.splice(0);
  }

  end(): Uint8Array[] {
    if (!this.done) this.decoder.next(null);
    if (!this.done) throw new InflateError(CUT_OFF);
    return this.output.splice(0);
  }

  /**
   * The decoder, written as one generator so that it can stop for input anywhere and resume there:
   * it yields when it needs more bytes and is resumed with the next chunk (null at the end of input).
   */
  private *decode(): Generator<undefined, void, Uint8Array | null> {
    let input: Uint8Array = new Uint8Array(0);
    let at = 0;
    let bits = 0;
    let count = 0;
    let ended = false;
    const ring = new Uint8Array(WINDOW);
    let ringAt = 0;
    let out = new Uint8Array(OUTPUT_CHUNK);
    let outAt = 0;
    const literals = new Int32Array(TABLE_SIZE);
    const distances = new Int32Array(TABLE_SIZE);
    const lengths = new Uint8Array(288 + 32);
    const codeLengths = new Int32Array(TABLE_SIZE);

    // Bits are refilled inline (a nested generator per read would cost more than the decoding).
    for (let final = 0; final === 0; ) {
      while (count < 3) {
        if (at === input.length) {
          const next = ended ? null : yield;
          if (next === null) throw new InflateError(CUT_OFF);
          input = next;
          at = 0;
          continue;
        }
        bits |= input[at++] << count;
        count += 8;
      }
      final = bits & 1;
      const type = (bits >> 1) & 3;
      bits >>>= 3;
      count -= 3;

      if (type === 0) {
        // Stored: skip to the byte boundary, then LEN, NLEN and LEN bytes as they are.
        bits >>>= count & 7;
        count -= count & 7;
        while (count < 32) {
          if (at === input.length) {
            const next = ended ? null : yield;
            if (next === null) throw new InflateError(CUT_OFF);
            input = next;
            at = 0;
            continue;
          }
          bits = (bits | (input[at++] << count)) >>> 0;
          count += 8;
          if (count === 32) break;
        }
        const length = bits & 0xffff;
        if (((bits >>> 16) ^ 0xffff) !== length) throw new InflateError('a stored block has a corrupt length');
        bits = 0;
        count = 0;
        for (let left = length; left > 0; ) {
          if (at === input.length) {
            const next = ended ? null : yield;
            if (next === null) throw new InflateError(CUT_OFF);
            input = next;
            at = 0;
            continue;
          }
          const byte = input[at++];
          left--;
          ring[ringAt] = byte;
          ringAt = (ringAt + 1) & (WINDOW - 1);
          out[outAt++] = byte;
          if (outAt === OUTPUT_CHUNK) {
            this.output.push(out);
            out = new Uint8Array(OUTPUT_CHUNK);
            outAt = 0;
          }
        }
        continue;
      }
      if (type === 3) throw new InflateError('a block has the reserved type 3');

      let literalTable = FIXED_LITERALS;
      let distanceTable = FIXED_DISTANCES;
      if (type === 2) {
        while (count < 14) {
          if (at === input.length) {
            const next = ended ? null : yield;
            if (next === null) throw new InflateError(CUT_OFF);
            input = next;
            at = 0;
            continue;
          }
          bits |= input[at++] << count;
          count += 8;
        }
        const literalCount = (bits & 31) + 257;
        const distanceCount = ((bits >> 5) & 31) + 1;
        const codeLengthCount = ((bits >> 10) & 15) + 4;
        bits >>>= 14;
        count -= 14;
        const codeLengthLengths = new Uint8Array(19);
        for (let k = 0; k < codeLengthCount; k++) {
          while (count < 3) {
            if (at === input.length) {
              const next = ended ? null : yield;
              if (next === null) throw new InflateError(CUT_OFF);
              input = next;
              at = 0;
              continue;
            }
            bits |= input[at++] << count;
            count += 8;
          }
          codeLengthLengths[CODE_LENGTH_ORDER[k]] = bits & 7;
          bits >>>= 3;
          count -= 3;
        }
        buildTable(codeLengthLengths, 19, codeLengths);
        lengths.fill(0);
        for (let k = 0; k < literalCount + distanceCount; ) {
          while (count < 14) {
            if (at === input.length) {
              const next = ended ? null : yield;
              if (next === null) break;
              input = next;
              at = 0;
              continue;
            }
            bits |= input[at++] << count;
            count += 8;
          }
          const entry = codeLengths[bits & (TABLE_SIZE - 1)];
          const used = entry & 15;
          if (used === 0 || used > count) throw new InflateError(used === 0 ? 'an invalid code length code' : CUT_OFF);
          bits >>>= used;
          count -= used;
          const symbol = entry >> 4;
          if (symbol < 16) {
            lengths[k++] = symbol;
            continue;
          }
          const [extra, base] = symbol === 16 ? [2, 3] : symbol === 17 ? [3, 3] : [7, 11];
          if (count < extra) throw new InflateError(CUT_OFF);
          const repeat = base + (bits & ((1 << extra) - 1));
          bits >>>= extra;
          count -= extra;
          if (symbol === 16 && k === 0) throw new InflateError('a code length repeats nothing');
          const value = symbol === 16 ? lengths[k - 1] : 0;
          if (k + repeat > literalCount + distanceCount) throw new InflateError('code lengths overrun their count');
          lengths.fill(value, k, k + repeat);
          k += repeat;
        }
        if (lengths[256] === 0) throw new InflateError('a block without an end-of-block code');
        buildTable(lengths.subarray(0, literalCount), literalCount, literals);
        buildTable(lengths.subarray(literalCount, literalCount + distanceCount), distanceCount, distances);
        literalTable = literals;
        distanceTable = distances;
      }

      // Compressed data: literals, and (length, distance) copies from the last 32 KB of output.
      while (true) {
        while (count < 15 + 5 + 15 + 13 - 16 && !(ended && at === input.length)) {
          // Up to 32 bits are kept: a length code with its extra bits, then a distance code.
          if (count > 24) break;
          if (at === input.length) {
            const next = yield;
            if (next === null) {
              ended = true;
              break;
            }
            input = next;
            at = 0;
            continue;
          }
          bits = (bits | (input[at++] << count)) >>> 0;
          count += 8;
        }
        const entry = literalTable[bits & (TABLE_SIZE - 1)];
        const used = entry & 15;
        if (used === 0) throw new InflateError('an invalid literal/length code');
        if (used > count) throw new InflateError(CUT_OFF);
        bits >>>= used;
        count -= used;
        const symbol = entry >> 4;
        if (symbol < 256) {
          ring[ringAt] = symbol;
          ringAt = (ringAt + 1) & (WINDOW - 1);
          out[outAt++] = symbol;
          if (outAt === OUTPUT_CHUNK) {
            this.output.push(out);
            out = new Uint8Array(OUTPUT_CHUNK);
            outAt = 0;
          }
          continue;
        }
        if (symbol === 256) break;
        const lengthCode = symbol - 257;
        if (lengthCode >= 29) throw new InflateError('an invalid length code');
        // The length's extra bits, the distance code and its extra bits: refill as needed for each.
        for (const need of [LENGTH_EXTRA[lengthCode]]) {
          while (count < need) {
            if (at === input.length) {
              const next = ended ? null : yield;
              if (next === null) throw new InflateError(CUT_OFF);
              input = next;
              at = 0;
              continue;
            }
            bits = (bits | (input[at++] << count)) >>> 0;
            count += 8;
          }
        }
        const lengthExtra = LENGTH_EXTRA[lengthCode];
        const length = LENGTH_BASE[lengthCode] + (bits & ((1 << lengthExtra) - 1));
        bits >>>= lengthExtra;
        count -= lengthExtra;
        while (count < MAX_BITS && !(ended && at === input.length)) {
          if (at === input.length) {
            const next = yield;
            if (next === null) {
              ended = true;
              break;
            }
            input = next;
            at = 0;
            continue;
          }
          bits = (bits | (input[at++] << count)) >>> 0;
          count += 8;
        }
        const distanceEntry = distanceTable[bits & (TABLE_SIZE - 1)];
        const distanceUsed = distanceEntry & 15;
        if (distanceUsed === 0) throw new InflateError('an invalid distance code');
        if (distanceUsed > count) throw new InflateError(CUT_OFF);
        bits >>>= distanceUsed;
        count -= distanceUsed;
        const distanceCode = distanceEntry >> 4;
        if (distanceCode >= 30) throw new InflateError('an invalid distance code');
        const distanceExtra = DISTANCE_EXTRA[distanceCode];
        while (count < distanceExtra) {
          if (at === input.length) {
            const next = ended ? null : yield;
            if (next === null) throw new InflateError(CUT_OFF);
            input = next;
            at = 0;
            continue;
          }
          bits = (bits | (input[at++] << count)) >>> 0;
          count += 8;
        }
        const distance = DISTANCE_BASE[distanceCode] + (bits & ((1 << distanceExtra) - 1));
        bits >>>= distanceExtra;
        count -= distanceExtra;
        for (let k = 0; k < length; k++) {
          const byte = ring[(ringAt - distance) & (WINDOW - 1)];
          ring[ringAt] = byte;
          ringAt = (ringAt + 1) & (WINDOW - 1);
          out[outAt++] = byte;
          if (outAt === OUTPUT_CHUNK) {
            this.output.push(out);
            out = new Uint8Array(OUTPUT_CHUNK);
            outAt = 0;
          }
        }
      }
    }
    if (outAt > 0) this.output.push(out.subarray(0, outAt));
    // Whole bytes read ahead into the bit buffer belong to what follows the stream.
    const aheadBytes = count >> 3;
    const ahead = new Uint8Array(aheadBytes);
    bits >>>= count & 7;
    for (let k = 0; k < aheadBytes; k++) {
      ahead[k] = bits & 0xff;
      bits >>>= 8;
    }
    const tail = input.subarray(at);
    const rest = new Uint8Array(ahead.length + tail.length);
    rest.set(ahead);
    rest.set(tail, ahead.length);
    this.rest = rest;
    this.done = true;
  }
}
