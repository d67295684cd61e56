import { CsvReader } from './csv-reader.js';
import { DocumentReader, type Handoff } from './document-reader.js';
import { LineReader } from './line-reader.js';
import type { ReaderSettings, RecordSink } from './record-sink.js';

/**
 * Splits an input into records, by content: the document reader reads from the start; if its first
 * value is a one-line record, the input is JSON lines and the line reader takes over; if a line that is
 * not JSON starts `TIMESTAMP {event}` lines or a CSV header, their reader takes over; otherwise (an
 * array, a wrapper document, pretty-printed JSON) the document reader goes on. Lines that are none of
 * these (a cut-off first line, a `tail` banner) are malformed records, not the end of the input.
 */
export class RecordReader {
  private readonly document: DocumentReader;
  private next: LineReader | CsvReader | undefined;

  constructor(
    private readonly sink: RecordSink,
    private readonly settings: ReaderSettings,
  ) {
    this.document = new DocumentReader(sink, settings);
  }

  push(chunk: Uint8Array): void {
    if (this.next) {
      this.next.push(chunk);
      return;
    }
    const handoff = this.document.push(chunk);
    if (handoff) this.take(handoff, chunk);
  }

  end(): void {
    if (!this.next) {
      const handoff = this.document.end();
      if (handoff) this.take(handoff, new Uint8Array(0));
    }
    this.next?.end();
  }

  private take(handoff: Handoff, chunk: Uint8Array): void {
    const next =
      handoff.framing === 'csv'
        ? new CsvReader(this.sink, this.settings, handoff.line)
        : new LineReader(this.sink, this.settings, handoff.line, handoff.framing === 'timestamped');
    this.next = next;
    if (handoff.replay) next.push(handoff.replay);
    next.push(chunk, handoff.at);
  }
}
