import { csvParseRows } from './csv-parse.js';
import { CSV_COLUMNS } from './formats/index.js';
import { Carry } from './carry.js';
import { CR, NEWLINE, QUOTE } from './json-chars.js';
import { decodeRecord, formatBytes, type ReaderSettings, type RecordSink } from './record-sink.js';

/** `TimeGenerated [UTC]` (the Azure portal names its time columns so) is the column `TimeGenerated`. */
const TIME_ZONE_SUFFIX = / \[[^\]]*\]$/;

/** The column names of a CSV header line, or undefined when it is not one row of CSV. */
export function csvHeaderNames(line: string): string[] | undefined {
  const rows = csvParseRows(line.replace(/^\uFEFF/, ''));
  return rows.length === 1 ? rows[0].map(columnName) : undefined;
}

/** Whether a CSV header names a column that holds audit events in some export. */
export function isAuditCsvHeader(names: readonly string[]): boolean {
  return names.some((name) => CSV_COLUMNS.has(name));
}

function columnName(name: string): string {
  return name.trim().replace(TIME_ZONE_SUFFIX, '');
}

/**
 * CSV exports with a header row (Azure portal, CloudWatch Logs Insights, Splunk): each row becomes a
 * record keyed by column name, read by the format whose column it has. Rows are found at the byte level
 * (RFC 4180: a newline ends a row unless it sits inside quotes, and quotes inside a field are doubled, so
 * quote parity tells), which keeps the reader fast and its memory to one row; the rows that can matter
 * (they hold the prefilter's needle, like JSON lines) are parsed by d3-dsv's CSV parser: quoting,
 * doubled quotes, newlines inside fields. The others are counted, not parsed.
 */
export class CsvReader {
  private line: number;
  /** Newlines inside quoted fields of the row being read: the next row starts that many lines further. */
  private rowNewlines = 0;
  private inQuotes = false;
  /** The row the last chunk ended in the middle of. */
  private readonly carry: Carry;
  private columns: string[] | undefined;

  constructor(
    private readonly sink: RecordSink,
    private readonly settings: ReaderSettings,
    startLine: number,
  ) {
    this.line = startLine;
    this.carry = new Carry(settings.maxRecordBytes);
    sink.framedAs('csv');
  }

  push(chunk: Uint8Array, from = 0): void {
    let start = from;
    let inQuotes = this.inQuotes;
    for (let i = from; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === QUOTE) inQuotes = !inQuotes;
      else if (b === NEWLINE) {
        if (inQuotes) this.rowNewlines++;
        else {
          this.endRow(chunk, start, i);
          start = i + 1;
        }
      }
    }
    this.inQuotes = inQuotes;
    if (start < chunk.length) this.carry.hold(chunk.subarray(start));
  }

  /** The input ended: a last row without a newline is still a row; one inside open quotes is cut off. */
  end(): void {
    if (this.inQuotes) {
      this.sink.malformed(this.line, 'the CSV row starting here is cut off inside a quoted field at the end of the input');
      return;
    }
    if (this.carry.pending) this.endRow(new Uint8Array(0), 0, 0);
  }

  private endRow(chunk: Uint8Array, start: number, end: number): void {
    const line = this.line;
    this.line += 1 + this.rowNewlines;
    this.rowNewlines = 0;
    let bytes = this.carry.take(chunk.subarray(start, end));
    if (!bytes) {
      this.sink.malformed(line, `the CSV row is longer than ${formatBytes(this.settings.maxRecordBytes)}; skipped`);
      return;
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length === 0) return;
    if (!this.columns) {
      this.columns = csvHeaderNames(decodeRecord(bytes).text) ?? [];
      return;
    }
    if (!this.sink.awaitingFormat && this.settings.search.indexOf(bytes, this.settings.needle, 0) === -1) {
      this.sink.skipped();
      return;
    }
    this.row(bytes, line);
  }

  private row(bytes: Uint8Array, line: number): void {
    const columns = this.columns!;
    const rows = csvParseRows(decodeRecord(bytes).text);
    const fields = rows[0] ?? [];
    if (rows.length !== 1 || fields.length !== columns.length) {
      this.sink.malformed(line, `the CSV row has ${fields.length} fields where the header has ${columns.length}`);
      return;
    }
    // Column names come from the input: a record without a prototype cannot be polluted through them.
    const record: Record<string, unknown> = Object.create(null);
    for (let k = 0; k < fields.length; k++) record[columns[k]] = fields[k];
    this.sink.value(record, line);
  }
}
