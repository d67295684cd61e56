import { eventAfterTimestamp, timestampedSource } from './framing.js';
import { Carry } from './carry.js';
import { CLOSE_BRACE, CR, NEWLINE, OPEN_BRACE, SPACE, TAB } from './json-chars.js';
import { decodeRecord, formatBytes, type ReaderSettings, type RecordSink } from './record-sink.js';

const FOUR_NEWLINES = 0x0a0a0a0a;

/**
 * JSON lines, the kube-apiserver's own format and that of most exports; or `TIMESTAMP {event}` lines
 * (`timestamped`: an EKS export task to S3, `kubectl logs --timestamps`), read the same way once the
 * timestamp is stepped over. A line is decoded only when
 * its bytes contain the needle (`jobs`, which every job write carries in any format, escaped or not);
 * the others are counted after a two-byte sanity check, so most of the file is never decoded.
 * Memory: the chunk in hand, plus one partial line carried to the next chunk, capped.
 */
export class LineReader {
  /** Number of the line being read (1-based). */
  private line: number;
  /** The line the last chunk ended in the middle of. */
  private readonly carry: Carry;
  private sourceNamed = false;

  constructor(
    private readonly sink: RecordSink,
    private readonly settings: ReaderSettings,
    startLine: number,
    private readonly timestamped = false,
  ) {
    this.line = startLine;
    this.carry = new Carry(settings.maxRecordBytes);
  }

  push(chunk: Uint8Array, from = 0): void {
    const { search, needle } = this.settings;
    let start = from;
    let needleAt = search.indexOf(chunk, needle, start);
    for (let newline = search.indexOfByte(chunk, NEWLINE, start); newline !== -1; newline = search.indexOfByte(chunk, NEWLINE, start)) {
      if (this.carry.pending) {
        this.finishCarried(chunk.subarray(start, newline));
      } else if (newline - start > this.settings.maxRecordBytes) {
        this.tooLong();
      } else {
        if (needleAt !== -1 && needleAt < start) needleAt = search.indexOf(chunk, needle, start);
        const candidate = needleAt !== -1 && needleAt < newline;
        if (candidate) needleAt = search.indexOf(chunk, needle, newline + 1);
        this.onLine(chunk, start, newline, candidate);
      }
      this.line++;
      start = newline + 1;
      // A run of blank lines is stepped over byte by byte, not line by line: a log padded with a
      // gigabyte of newlines costs what counting them costs.
      if (chunk[start] === NEWLINE || chunk[start] === CR) start = this.skipBlankLines(chunk, start);
    }
    if (start < chunk.length) this.carry.hold(chunk.subarray(start));
  }

  /** Past the blank lines (`\n`, `\r\n`) that start at `from`, counting them; returns where the next line starts. */
  private skipBlankLines(chunk: Uint8Array, from: number): number {
    let at = from;
    let lines = 0;
    // Four newlines at a time where the run is long: whole aligned words of `\n\n\n\n`.
    const wordsFrom = (chunk.byteOffset + at + 3) & ~3;
    const wordsTo = (chunk.byteOffset + chunk.length) & ~3;
    if (wordsTo - wordsFrom >= 64 && chunk[at + 1] === NEWLINE) {
      while (((chunk.byteOffset + at) & 3) !== 0 && chunk[at] === NEWLINE) {
        lines++;
        at++;
      }
      if (((chunk.byteOffset + at) & 3) === 0) {
        const words = new Uint32Array(chunk.buffer, chunk.byteOffset + at, (wordsTo - chunk.byteOffset - at) >> 2);
        let word = 0;
        while (word < words.length && words[word] === FOUR_NEWLINES) word++;
        lines += word * 4;
        at += word * 4;
      }
    }
    for (;;) {
      const b = chunk[at];
      if (b === NEWLINE) {
        lines++;
        at++;
      } else if (b === CR && chunk[at + 1] === NEWLINE) {
        at++;
      } else break;
    }
    // A CR that ends the chunk may start a blank CRLF line: the line loop (and the carry) takes it as it always did.
    this.line += lines;
    return at;
  }

  /** The input ended: a last line without a newline is still a line. */
  end(): void {
    if (this.carry.pending) this.finishCarried(new Uint8Array(0));
  }

  private finishCarried(head: Uint8Array): void {
    const bytes = this.carry.take(head);
    if (!bytes) {
      this.tooLong();
      return;
    }
    const candidate = this.settings.search.indexOf(bytes, this.settings.needle, 0) !== -1;
    this.onLine(bytes, 0, bytes.length, candidate);
  }

  private tooLong(): void {
    this.sink.malformed(this.line, `the line is longer than ${formatBytes(this.settings.maxRecordBytes)}; skipped`);
  }

  private onLine(bytes: Uint8Array, start: number, end: number, candidate: boolean): void {
    while (start < end && (bytes[start] === SPACE || bytes[start] === TAB)) start++;
    while (end > start && (bytes[end - 1] === CR || bytes[end - 1] === SPACE || bytes[end - 1] === TAB)) end--;
    if (start === end) return;
    if (this.timestamped && bytes[start] !== OPEN_BRACE) {
      const event = eventAfterTimestamp(bytes, start, end);
      if (event === -1) {
        this.sink.malformed(this.line, 'the line is not a TIMESTAMP {event} line (cut off, or another kind of line)');
        return;
      }
      if (!this.sourceNamed) {
        this.sourceNamed = true;
        this.sink.framedAs(timestampedSource(bytes, start));
      }
      start = event;
    }
    if (candidate || this.sink.awaitingFormat) {
      const { text, invalid } = decodeRecord(bytes.subarray(start, end));
      this.sink.record(text, this.line, invalid);
    } else if (bytes[start] === OPEN_BRACE && bytes[end - 1] === CLOSE_BRACE) {
      this.sink.skipped();
    } else {
      this.sink.malformed(this.line, 'the line is not a complete JSON object (cut off, or not JSON lines)');
    }
  }
}
