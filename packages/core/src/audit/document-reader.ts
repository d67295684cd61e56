import { concat, copyOf } from './input.js';
import { ACCEPTED_FORMATS } from './normalise.js';
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

/** Keys of a top-level object whose array holds the records: EventList and List `items`, Azure Event Hubs `records`, `aws logs` `events`, CloudWatch subscriptions `logEvents`. */
const CONTAINER_KEYS = new Set(['items', 'records', 'events', 'logEvents']);
/** Elasticsearch `_search` responses keep their records at `hits.hits`. */
const HITS = 'hits';
const MAX_KEY_LENGTH = 32;
const BOM = [0xef, 0xbb, 0xbf];

/** Where JSON lines take over from the document reader: the rest of `chunk` from `at`, on line `line`. */
export interface Handoff {
  at: number;
  line: number;
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
  private forceNext = true;
  private bomBytes = 0;

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
        this.notAuditLog(chunk, i);
        return undefined;
      }
    }
    while (i < n) {
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

  end(): void {
    if (this.stopped) return;
    if (this.capture === 'element' || this.capture === 'top') {
      this.sink.malformed(this.captureLine, 'the record starting here is cut off at the end of the input');
    } else if (this.stack.length > 0 || this.inString) {
      this.sink.malformed(this.line, 'the JSON document is cut off at the end of the input');
    }
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
      if (b === OPEN_BRACE) this.beginCapture('top', at);
      else if (b === OPEN_BRACKET) this.recordsDepth = 1;
      else this.notAuditLog(chunk, at);
      return;
    }
    if (depth === this.recordsDepth && this.top() === OPEN_BRACKET) {
      if (b === OPEN_BRACE || b === OPEN_BRACKET) this.beginCapture('element', at);
      else this.sink.malformed(this.line, 'an element of the records array is not an object');
      return;
    }
    if (b !== OPEN_BRACKET || this.capture !== 'top') return;
    const holdsRecords =
      (depth === 1 && CONTAINER_KEYS.has(this.keys[1])) ||
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
        if (singleLine) this.handoff = { at: end, line: this.line };
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
    if (this.forceNext || this.settings.search.indexOf(bytes, this.settings.needle, 0) !== -1) {
      this.forceNext = false;
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

  private notAuditLog(chunk: Uint8Array, at: number): void {
    this.stopped = true;
    const sample = new TextDecoder().decode(chunk.subarray(at, Math.min(chunk.length, at + 24))).split('\n')[0];
    this.sink.fatal(this.line, `not an audit log: expected a JSON object or array, found "${sample}". Accepted formats: ${ACCEPTED_FORMATS}`);
  }
}
