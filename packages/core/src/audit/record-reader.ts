import { DocumentReader } from './document-reader.js';
import { LineReader } from './line-reader.js';
import type { ReaderSettings, RecordSink } from './record-sink.js';

/**
 * Splits an input into records, by content: the document reader reads the first value; if it is a
 * one-line record, the input is JSON lines and the line reader takes over; otherwise (an array, a
 * wrapper document, pretty-printed JSON) the document reader goes on.
 */
export class RecordReader {
  private readonly document: DocumentReader;
  private lines: LineReader | undefined;

  constructor(
    private readonly sink: RecordSink,
    private readonly settings: ReaderSettings,
  ) {
    this.document = new DocumentReader(sink, settings);
  }

  push(chunk: Uint8Array): void {
    if (this.lines) {
      this.lines.push(chunk);
      return;
    }
    const handoff = this.document.push(chunk);
    if (handoff) {
      this.lines = new LineReader(this.sink, this.settings, handoff.line);
      this.lines.push(chunk, handoff.at);
    }
  }

  end(): void {
    if (this.lines) this.lines.end();
    else this.document.end();
  }
}
