import { WRAPPER_KEYS } from './formats/index.js';
import { concat, copyOf } from './input.js';
import { classifyStrayLine, type Framing } from './framing.js';
import { decodeRecord, formatBytes, type ReaderSettings, type RecordSink } from './record-sink.js';

import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  CR,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  SPACE,
  TAB,
} from './json-chars.js';

/** Elasticsearch `_search` responses keep their records at `hits.hits`; the other wrapper keys hold them directly. */
const HITS = 'hits';
/** A line that is not JSON is looked at up to this many bytes (enough for a CSV header or a timestamp). */
const MAX_STRAY_HEAD = 64 * 1024;
const MAX_KEY_LENGTH = 32;
const BOM = [0xef, 0xbb, 0xbf];

/**
 * Where another reader takes over from the document reader: `replay` (bytes of earlier chunks that
 * belong to it, from line `line`), then the rest of `chunk` from `at`.
 */
export interface Handoff {
  framing: Framing;
  at: number;
  line: number;
  replay?: Uint8Array;
}

/**
 * A streaming JSON tokenizer over bytes for inputs that are one large document: a JSON array of events,
 * an EventList, an Elasticsearch `_search` response, an `aws logs filter-log-events` document. It tracks
 * only strings, brackets, lines and the few keys that say where the records are, and captures each
 * record's bytes (up to the cap) to parse it alone: memory is bounded by the largest record, not the file.
 *
 * It also reads the first value of JSON lines: when that value is a plain record that sits on one line,
 * it hands the rest of the input over to the (faster) line reader.
 */
export class DocumentReader {
  line = 1;
  private stack: number[] = [];
  /** Per depth, for object frames: a key comes next (not a value). */
  private expectKey: boolean[] = [];
  /** The last key read at depths 1 and 2 (deeper keys never decide where records are). */
  private keys: string[] = ['', '', ''];
  /** Stack depth inside the array that holds the records; 0 when not inside one. */
  private recordsDepth = 0;
  private inString = false;
  private stringIsKey = false;
  private escaped = false;
  private inScalar = false;
  private keyText = '';
  private nextQuote = -1;
  private nextBackslash = -1;
  /** What the current capture is: a top-level value that may be a record, or an element of the records array. */
  private capture: 'none' | 'top' | 'element' = 'none';
  private captureFrom = 0;
  private captureParts: Uint8Array[] = [];
  private captureSize = 0;
  private captureLine = 0;
  private captureOversized = false;
  private handoff: Handoff | undefined;
  private stopped = false;
  private bomBytes = 0;
  /** A line at the top level that is not JSON: its head, kept to tell what it is once its newline arrives. */
  private stray: Uint8Array[] | undefined;
  private straySize = 0;
  private strayLine = 0;
  /** Whether a value started on the current line before anything else (a stray line is judged from its start). */
  private lineStarted = false;
  private strayFromLineStart = false;

  constructor(
    private readonly sink: RecordSink,
    private readonly settings: ReaderSettings,
  ) {}

  /** Reads a chunk; returns where JSON lines take over, if they do. */
  push(chunk: Uint8Array): Handoff | undefined {
    if (this.stopped) return undefined;
    const n = chunk.length;
    const search = this.settings.search;
    this.nextQuote = -1;
    this.nextBackslash = -1;
    this.captureFrom = 0;
    let i = 0;
    // A byte-order mark may open the input, and may arrive a byte at a time.
    while (this.bomBytes < BOM.length && i < n) {
      if (chunk[i] === BOM[this.bomBytes]) {
        this.bomBytes++;
        i++;
      } else if (this.bomBytes === 0) {
        this.bomBytes = BOM.length;
      } else {
        this.bomBytes = BOM.length;
      }
    }
    while (i < n) {
      if (this.stray) {
        const newline = search.indexOfByte(chunk, NEWLINE, i);
        const end = newline === -1 ? n : newline + 1;
        this.holdStray(chunk.subarray(i, end));
        if (newline === -1) return undefined;
        i = end;
        const handoff = this.endStray(i);
        if (handoff) {
          this.stopped = true;
          return handoff;
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        if (this.nextQuote < i) this.nextQuote = search.indexOfByte(chunk, QUOTE, i);
        if (this.nextBackslash !== n && this.nextBackslash < i) {
          const found = search.indexOfByte(chunk, BACKSLASH, i);
          this.nextBackslash = found === -1 ? n : found;
        }
        const quote = this.nextQuote === -1 ? n : this.nextQuote;
        if (this.nextBackslash < quote) {
          this.keyPiece(chunk, i, this.nextBackslash);
          i = this.nextBackslash + 2;
          if (i > n) this.escaped = true;
          continue;
        }
        this.keyPiece(chunk, i, quote);
        if (quote === n) break;
        this.inString = false;
        i = quote + 1;
        if (this.stringIsKey) this.stringIsKey = false;
        else this.afterValue(chunk, i);
        continue;
      }
      if (this.inScalar) {
        const b = chunk[i];
        if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || b === SPACE || b === NEWLINE || b === CR || b === TAB || b === COLON) {
          this.inScalar = false;
          this.afterValue(chunk, i);
        } else i++;
        continue;
      }
      const b = chunk[i];
      switch (b) {
        case NEWLINE:
          this.line++;
          this.lineStarted = false;
          i++;
          break;
        case SPACE:
        case TAB:
        case CR:
          i++;
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.valueStarts(chunk, i, b);
          if (this.stopped) return undefined;
          this.stack.push(b);
          this.expectKey[this.stack.length] = b === OPEN_BRACE;
          i++;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET: {
          if (this.stack.length === 0) {
            this.beginStray();
            break;
          }
          const open = this.stack.pop();
          if (open !== (b === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
            this.corrupt(`unexpected "${String.fromCharCode(b)}"`);
            return undefined;
          }
          i++;
          if (this.recordsDepth > this.stack.length) this.recordsDepth = 0;
          this.afterValue(chunk, i);
          break;
        }
        case COMMA:
          if (this.top() === OPEN_BRACE) this.expectKey[this.stack.length] = true;
          i++;
          break;
        case COLON:
          this.expectKey[this.stack.length] = false;
          i++;
          break;
        case QUOTE:
          if (this.stack.length === 0) {
            this.beginStray();
            break;
          }
          if (this.top() === OPEN_BRACE && this.expectKey[this.stack.length]) {
            this.stringIsKey = true;
            this.keyText = '';
          } else {
            this.valueStarts(chunk, i, b);
            if (this.stopped) return undefined;
          }
          this.inString = true;
          i++;
          break;
        default:
          if (this.stack.length === 0) {
            this.beginStray();
            break;
          }
          this.valueStarts(chunk, i, b);
          if (this.stopped) return undefined;
          this.inScalar = true;
          i++;
      }
      if (this.handoff) {
        const handoff = this.handoff;
        this.stopped = true;
        return handoff;
      }
    }
    if (this.capture !== 'none') this.holdCapture(chunk.subarray(this.captureFrom, n));
    return undefined;
  }

  /** The input ended; returns a handoff when its last line turns out to start another framing (a CSV header alone). */
  end(): Handoff | undefined {
    if (this.stopped) return undefined;
    if (this.stray) return this.endStray(0);
    if (this.capture === 'element' || this.capture === 'top') {
      this.sink.malformed(this.captureLine, 'the record starting here is cut off at the end of the input');
    } else if (this.stack.length > 0 || this.inString) {
      this.sink.malformed(this.line, 'the JSON document is cut off at the end of the input');
    }
    return undefined;
  }

  /**
   * Something at the top level that cannot start a JSON value: a cut-off first line, a `tail` banner, a
   * log line, or the first line of another framing (CSV, timestamped lines). Its head is kept until its
   * newline says which.
   */
  private beginStray(): void {
    this.stray = [];
    this.straySize = 0;
    this.strayLine = this.line;
    // Only spaces can precede it on its line when no value started there: it is the line's own start.
    this.strayFromLineStart = !this.lineStarted;
  }

  private holdStray(piece: Uint8Array): void {
    if (this.straySize >= MAX_STRAY_HEAD) return;
    const kept = piece.subarray(0, MAX_STRAY_HEAD - this.straySize);
    this.stray!.push(copyOf(kept));
    this.straySize += kept.length;
  }

  /** The stray line is whole (or the input ended): hand over to the framing it starts, or count it malformed. */
  private endStray(at: number): Handoff | undefined {
    const head = concat(this.stray!);
    this.stray = undefined;
    const line = this.strayLine;
    const endsLine = head.length > 0 && head[head.length - 1] === NEWLINE;
    if (endsLine) {
      this.line++;
      this.lineStarted = false;
    }
    const framing = this.strayFromLineStart ? classifyStrayLine(head) : undefined;
    if (framing) return { framing, at, line, replay: head };
    this.sink.malformed(line, 'not JSON: a cut-off line, a banner or a log line among the records; skipped');
    return undefined;
  }

  private top(): number | undefined {
    return this.stack[this.stack.length - 1];
  }

  private keyPiece(chunk: Uint8Array, from: number, to: number): void {
    if (!this.stringIsKey || this.stack.length > 2 || this.keyText.length > MAX_KEY_LENGTH) return;
    for (let k = from; k < to && this.keyText.length <= MAX_KEY_LENGTH; k++) this.keyText += String.fromCharCode(chunk[k]);
    this.keys[this.stack.length] = this.keyText;
  }

  private valueStarts(chunk: Uint8Array, at: number, b: number): void {
    const depth = this.stack.length;
    if (depth === 0) {
      this.lineStarted = true;
      if (b === OPEN_BRACE) this.beginCapture('top', at);
      else this.recordsDepth = 1;
      return;
    }
    if (depth === this.recordsDepth && this.top() === OPEN_BRACKET) {
      if (b === OPEN_BRACE || b === OPEN_BRACKET) this.beginCapture('element', at);
      else this.sink.malformed(this.line, 'an element of the records array is not an object');
      return;
    }
    if (b !== OPEN_BRACKET || this.capture !== 'top') return;
    const holdsRecords =
      (depth === 1 && this.keys[1] !== HITS && WRAPPER_KEYS.has(this.keys[1])) ||
      (depth === 2 && this.keys[1] === HITS && this.keys[2] === HITS && this.stack[1] === OPEN_BRACE);
    if (holdsRecords) {
      // The top-level object is a wrapper, not a record: its array's elements are.
      this.dropCapture();
      this.recordsDepth = depth + 1;
    }
  }

  private afterValue(chunk: Uint8Array, end: number): void {
    const depth = this.stack.length;
    if (this.capture === 'element' && depth === this.recordsDepth) this.finishCapture(chunk, end);
    else if (depth === 0) {
      if (this.capture === 'top') {
        const singleLine = this.captureLine === this.line;
        this.finishCapture(chunk, end);
        if (singleLine) this.handoff = { framing: 'json-lines', at: end, line: this.line };
      }
      this.recordsDepth = 0;
      this.keys = ['', '', ''];
    }
  }

  private beginCapture(kind: 'top' | 'element', at: number): void {
    this.capture = kind;
    this.captureFrom = at;
    this.captureParts = [];
    this.captureSize = 0;
    this.captureLine = this.line;
    this.captureOversized = false;
  }

  private dropCapture(): void {
    this.capture = 'none';
    this.captureParts = [];
    this.captureSize = 0;
  }

  private holdCapture(piece: Uint8Array): void {
    if (this.captureOversized) return;
    this.captureSize += piece.length;
    if (this.captureSize > this.settings.maxRecordBytes) {
      this.captureOversized = true;
      this.captureParts = [];
      return;
    }
    this.captureParts.push(copyOf(piece));
  }

  private finishCapture(chunk: Uint8Array, end: number): void {
    const last = chunk.subarray(this.captureFrom, end);
    const oversized = this.captureOversized || this.captureSize + last.length > this.settings.maxRecordBytes;
    const line = this.captureLine;
    const parts = this.captureParts;
    this.dropCapture();
    if (oversized) {
      this.sink.malformed(line, `the record is larger than ${formatBytes(this.settings.maxRecordBytes)}; skipped`);
      return;
    }
    const bytes = parts.length === 0 ? last : concat([...parts, last]);
    if (this.sink.awaitingFormat || this.settings.search.indexOf(bytes, this.settings.needle, 0) !== -1) {
      const { text, invalid } = decodeRecord(bytes);
      this.sink.record(text, line, invalid);
    } else {
      this.sink.skipped();
    }
  }

  private corrupt(problem: string): void {
    this.stopped = true;
    this.sink.fatal(this.line, `${problem}: the JSON document is corrupt here; stopped reading it`);
  }

}
